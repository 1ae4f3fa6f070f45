from fastapi import Depends, FastAPI, Request

app = FastAPI()


def get_locale(request: Request):  # expect: dependency-returns-none
    locale = request.headers.get("accept-language", "en")[:2]
    request.state.locale = locale


@app.get("/greeting")
def greeting(locale: str = Depends(get_locale)):
    return {"text": GREETINGS[locale]}
