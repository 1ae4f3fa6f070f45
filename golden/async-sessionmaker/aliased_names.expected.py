from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

reader = create_async_engine("postgresql+asyncpg://reader@replica/app")
writer = create_async_engine("postgresql+asyncpg://writer@primary/app")

ReadSession = async_sessionmaker(reader)
WriteSession = async_sessionmaker(writer, expire_on_commit=False)
