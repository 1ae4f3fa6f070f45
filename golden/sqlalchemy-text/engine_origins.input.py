import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

engine = sa.create_engine("postgresql+psycopg://app@db/app", pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False)


def ping() -> bool:
    with engine.connect() as conn:
        return conn.execute("SELECT 1").scalar() == 1


def purge_sessions() -> None:
    with engine.begin() as conn:
        conn.execute("DELETE FROM sessions WHERE expires_at < now()")


def count_users() -> int:
    with Session(engine) as session:
        return session.execute('SELECT count(*) FROM users').scalar_one()


def rename(old: str, new: str) -> None:
    with SessionLocal.begin() as session:
        session.execute("UPDATE tags SET name = :new WHERE name = :old", {"old": old, "new": new})


def report():
    session = SessionLocal()
    try:
        return session.execute(
            "SELECT day, total "
            "FROM daily_totals "
            "ORDER BY day"
        ).all()
    finally:
        session.close()
