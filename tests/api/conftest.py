"""API clients: token or session, for the standard actors."""

import pytest


@pytest.fixture
def token_for(db):
    from ntm.api.models import ApiToken

    def issue(user):
        return ApiToken.issue(user, "test")[1]

    return issue


@pytest.fixture
def api(client, token_for):
    """Call the API as `user` with a bearer token: api(user).get(url) / .put(url, data)."""

    class Caller:
        def __init__(self, user):
            self.headers = {"Authorization": f"Bearer {token_for(user)}"} if user else {}

        def get(self, url):
            return client.get(url, headers=self.headers)

        def put(self, url, data):
            return client.put(url, data, content_type="application/json", headers=self.headers)

        def request(self, method, url, data=None):
            return getattr(client, method)(url, headers=self.headers, content_type="application/json",
                                           data=data or {})

    return Caller
