from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

from .tenancy import TenantSession

engine = create_async_engine("postgresql+asyncpg://app@db/app")
# A project subclass: fastfix only knows SQLAlchemy's AsyncSession.
TenantSessionLocal = sessionmaker(engine, class_=TenantSession)
options = {"class_": AsyncSession, "expire_on_commit": False}
SessionLocal = sessionmaker(engine, **options)
