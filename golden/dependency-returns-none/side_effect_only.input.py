from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException


def verify_api_key(x_api_key: str = Header()):
    if x_api_key not in API_KEYS:
        raise HTTPException(status_code=403)


def log_request(x_request_id: str = Header("")):
    LOG.info("request %s", x_request_id)


def audit() -> None:
    AUDIT.append("called")


def rate_limit():
    BUCKET.take()


app = FastAPI(dependencies=[Depends(log_request)])
router = APIRouter(dependencies=[Depends(verify_api_key)])


@router.post("/orders", dependencies=[Depends(rate_limit)])
def create_order(_audit=Depends(audit), audited: None = Depends(audit)):
    return {"created": True}


def helper_returning_nothing():
    print("not a dependency at all")
