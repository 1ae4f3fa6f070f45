from sqlalchemy.orm import sessionmaker

from .engine import engine

SessionLocal = sessionmaker(bind=engine)


def new_session():
    session = SessionLocal()
    return session


def main():
    with new_session() as session:
        session.execute("SELECT 1")
