"""Receivers called session/connection that are not SQLAlchemy's."""

from cassandra.cluster import Cluster, Session

from app.db import engine, session_factory


class Connection:
    def execute(self, command: str) -> None:
        print(command)


def cassandra_events(session: Session):
    # Cassandra's Session.execute takes CQL strings
    return session.execute("SELECT * FROM events LIMIT 10")


def local_connection():
    connection = Connection()
    connection.execute("restart")


def unknown_origins(session, request):
    session.execute("SELECT 1")
    request.state.db.execute("SELECT 2")
    with engine.connect() as conn:  # an engine imported from another module: origin unknown here
        conn.execute("SELECT 3")
    db = session_factory()
    db.execute("SELECT 4")


def text(value: str) -> str:
    return value.strip()


cluster = Cluster(["10.0.0.1"])
