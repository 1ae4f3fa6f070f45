from sqlalchemy.ext.asyncio import AsyncSession as AS
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import sessionmaker as make_factory

reader = create_async_engine("postgresql+asyncpg://reader@replica/app")
writer = create_async_engine("postgresql+asyncpg://writer@primary/app")

ReadSession = make_factory(reader, class_=AS)
WriteSession = make_factory(writer, expire_on_commit=False, class_=AS)
