from fastapi import Depends, FastAPI
from requests import Session

app = FastAPI()


def http():
	session = Session()
	if True:
		session.headers["User-Agent"] = "fastfix"
	return session


@app.get("/")
def index(session=Depends(http)):
	return {}
