from sqlmodel import Session, create_engine, text

engine = create_engine("sqlite:///db.sqlite3")


class Repository:
	def __init__(self, session: Session):
		self.session = session

	def archive(self, session: Session, days: int):
		session.execute(text("UPDATE posts SET archived = 1 "
		                     "WHERE age > :days"), {"days": days})


def vacuum():
	with engine.connect() as conn:
		conn.execute(text("VACUUM"))
