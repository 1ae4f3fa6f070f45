from typing import Annotated

from fastapi import Depends, FastAPI, Security
from fastapi.security import SecurityScopes

from .settings import Settings

app = FastAPI()
_settings = None


async def get_settings():  # expect: dependency-returns-none
    global _settings
    if _settings is None:
        _settings = Settings()
    return


def require_scopes(scopes: SecurityScopes):  # expect: dependency-returns-none
    for scope in scopes.scopes:
        audit(scope)
    return None


@some_cache
def get_region(settings=Depends(get_settings)):  # expect: dependency-returns-none
    print(settings.region)


SettingsDep = Annotated[Settings, Depends(get_settings)]


@app.get("/config")
async def read_config(settings: SettingsDep, region=Depends(get_region)):
    return {"debug": settings.debug, "region": region}


@app.get("/reports")
def reports(*, grant=Security(require_scopes, scopes=["reports"])):
    return grant
