"""Load test of a national session's busiest day, against a server on this machine only.

    make loadtest        # gunicorn on PostgreSQL with the demo, then locust headless for LOAD_TIME

Deputies browse and submit, units work their inboxes (sign for what arrived), the office assigns
registered suggestions and watches its lists, the public reads the catalogue. A 409 (someone else
took the same step first) is the lifecycle working, not an error.

The pace is a person's: a page is read for LOAD_THINK seconds ("5-15" by default) before the next
click. The busiest hour of a national session (about 3,000 deputies, 210 units, the office, the
public) asks for some 15 requests a second: 100 people at this pace (`make loadtest`'s default);
200 asked for 31 on 4 December.
"""

import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = "jianyi2026"  # noqa: S105 - the demo data's shared password (accounts.security.DEMO_PASSWORD)


THINK = [float(x) for x in os.environ.get("LOAD_THINK", "5-15").split("-")]


# Each login checks an Argon2 hash (by design ~0.2 s of CPU, more while many arrive at once): the
# summary also gives the percentiles of everything else, what people wait for once they are in.
LOGIN = ("login", "login page")
clicks: list[float] = []


@events.request.add_listener
def _click(name, response_time, exception=None, **_kwargs):
    if name not in LOGIN and exception is None:
        clicks.append(response_time)


@events.quitting.add_listener
def _summary(**_kwargs):
    if clicks:
        ranked = sorted(clicks)
        p50, p99 = (ranked[min(len(ranked) - 1, int(q * len(ranked)))] for q in (0.5, 0.99))
        print(f"\nwithout the logins: {len(ranked)} requests  p50 {p50:.0f} ms  p99 {p99:.0f} ms")


class Person(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    usernames: list[str] = []

    def on_start(self):
        username = random.choice(self.usernames)  # noqa: S311
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:  # the form again: refused
                error = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', response.text)
                response.failure(f"{username}: {error.group(1).strip() if error else response.status_code}")
        self.csrf = self.client.cookies.get("csrftoken", "")

    def step(self, pk: int, name: str, data: dict | None = None):
        with self.client.post(
            f"/api/v1/suggestions/{pk}/actions/{name}/",
            json=data or {},
            headers={"X-CSRFToken": self.csrf, "Referer": self.host + "/"},
            name=f"step {name}",
            catch_response=True,
        ) as response:
            if response.status_code in (200, 409):
                response.success()

    def listed(self, path: str, name: str) -> list[dict]:
        page = self.client.get(path, name=name).json()
        return page.get("results", []) if isinstance(page, dict) else page

    def first(self, query: str) -> dict | None:
        results = self.client.get(f"/api/v1/suggestions/?{query}", name=f"api list {query.split('&')[0]}").json()
        rows = results.get("results") or []
        return random.choice(rows) if rows else None  # noqa: S311


class Deputy(Person):
    weight = 6
    usernames = [f"deputy{n:04d}" for n in range(2, 946)]

    @task(5)
    def my_suggestions(self):
        self.client.get("/deputy/", name="deputy portal")

    @task(3)
    def track_one(self):
        row = self.first("page_size=20")
        if row:
            self.client.get(f"/deputy/s/{row['id']}/", name="deputy tracking page")

    @task(1)
    def submit(self):
        """A new suggestion to the latest session (the demo's date is after it: a late one is still
        accepted, as the platform does), with its field, then submitted for review."""
        sessions = self.listed("/api/v1/sessions/", "api sessions")
        fields = self.listed("/api/v1/fields/", "api fields")
        if not sessions or not fields:
            return
        created = self.client.post(
            "/api/v1/suggestions/",
            json={
                "session": sessions[0]["id"],
                "field": random.choice(fields)["id"],  # noqa: S311
                "title": "关于进一步加强基层医疗卫生服务能力建设的建议",
                "body": "一、存在问题\n基层医疗机构人才不足。\n二、建议\n一是加大投入；二是完善激励。",
            },
            headers={"X-CSRFToken": self.csrf, "Referer": self.host + "/"},
            name="api create draft",
        )
        if created.status_code == 201:
            self.step(created.json()["id"], "submit")


class UnitHandler(Person):
    weight = 3
    # The demo's unit handlers (loadtest.sh lists them from the database: not every unit has a
    # unitNNN_handler, a unit with divisions has its divisions' handlers).
    usernames = Path(os.environ.get("LOAD_UNIT_USERS", "var/loadtest_unit_users.txt")).read_text().split()

    @task(4)
    def inbox(self):
        self.client.get("/unit/", name="unit inbox")

    @task(2)
    def sign_what_arrived(self):
        row = self.first("status=assigned&page_size=20")
        if row:
            self.client.get(f"/s/{row['id']}/", name="suggestion page")
            self.step(row["id"], "sign")


class Office(Person):
    weight = 1
    usernames = ["office", "office2"]

    @task(3)
    def lists(self):
        self.client.get("/office/", name="office review queue")
        self.client.get("/office/suggestions/", name="office all suggestions")

    @task(2)
    def register_one(self):
        row = self.first("status=submitted&page_size=50")
        if row:
            self.step(row["id"], "register")

    @task(2)
    def assign_one(self):
        row = self.first("status=registered&page_size=50")
        units = self.listed("/api/v1/units/", "api units")
        if row and units:
            self.step(row["id"], "assign", {"lead_unit": random.choice(units)["id"]})  # noqa: S311


class Public(HttpUser):
    weight = 2
    wait_time = between(*THINK)

    @task
    def catalogue(self):
        home = self.client.get("/public/", name="public home")
        catalogues = re.findall(r'href="(/public/sessions/\d+/)"', home.text)
        if catalogues:
            self.client.get(random.choice(catalogues), name="public catalogue")  # noqa: S311
        self.client.get("/api/v1/public/suggestions/", name="public api list")
