from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("postgresql+psycopg://app@db/app", pool_size=10)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
ReportSession = sessionmaker(bind=engine, class_=Session, expire_on_commit=False)
