"""Test helpers: a fake session factory with SQLAlchemy's spelling."""
from sqlalchemy.ext.asyncio import AsyncSession

from .fakes import FakeEngine


def sessionmaker(engine, class_):
    return lambda: class_(bind=engine)


factory = sessionmaker(FakeEngine(), class_=AsyncSession)


class Registry:
    def sessionmaker(self, engine, class_=AsyncSession):
        return sessionmaker(engine, class_=class_)
