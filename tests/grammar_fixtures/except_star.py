# requires: 3.11
# except* (PEP 654, Python 3.11).
def handle():
    try:
        raise ExceptionGroup("many", [ValueError(1), TypeError(2)])
    except* ValueError as group:
        print(group.exceptions)
    except *(TypeError, KeyError):
        pass
    except* OSError:
        raise
    else:
        pass
    finally:
        pass
