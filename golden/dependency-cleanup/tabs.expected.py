from fastapi import Depends, FastAPI
from requests import Session

app = FastAPI()


def http():
	session = Session()
	try:
		if True:
			session.headers["User-Agent"] = "fastfix"
		yield session
	finally:
		session.close()


@app.get("/")
def index(session=Depends(http)):
	return {}
