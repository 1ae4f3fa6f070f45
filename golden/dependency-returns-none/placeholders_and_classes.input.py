from fastapi import Depends, FastAPI

app = FastAPI()


def get_storage():
    """Replaced at startup through app.dependency_overrides."""
    raise NotImplementedError


def get_mailer():
    ...


class Pagination:
    def __init__(self, page: int = 1):
        self.page = page


def get_clock():
    pass


@app.get("/files")
def list_files(storage=Depends(get_storage), mailer=Depends(get_mailer), pages=Depends(Pagination), clock=Depends(get_clock)):
    return storage.list(pages.page)
