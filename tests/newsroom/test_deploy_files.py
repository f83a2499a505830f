"""The deployment files name only things that exist: commands, files, environment variables.

CI has no Docker daemon and no systemd, so the Dockerfile, compose.yaml and the
units in deploy/ are checked by reading them: every `manage.py` command they
run is a real command, every file they point at is in the repository, every
environment variable they set is one the project reads.
"""

import configparser
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]

# Read by libraries rather than by our settings: boto3's credentials, Python, pip, Django.
_READ_ELSEWHERE = {
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "DJANGO_SETTINGS_MODULE",
    "PATH",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "PIP_NO_CACHE_DIR",
    "WEB_CONCURRENCY",  # gunicorn's own
}


def project_variables() -> set[str]:
    """Every environment variable the settings (newsroom/settings.py and its parts in
    newsroom/conf/) or gunicorn.conf.py read."""
    names = set()
    for path in [ROOT / "newsroom/settings.py", *sorted((ROOT / "newsroom/conf").glob("*.py"))]:
        names |= set(re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
    gunicorn_conf = (ROOT / "gunicorn.conf.py").read_text()
    names |= set(re.findall(r"os\.environ\.get\(['\"]([A-Z][A-Z0-9_]+)['\"]", gunicorn_conf))
    return names


def _check_command(argv: list[str]) -> None:
    """A command line the deployment runs: the program and what it is given must exist."""
    program = Path(argv[0]).name
    if program in {"python", "python3"}:
        assert argv[1] == "manage.py", argv
        assert argv[2] in get_commands(), f"no management command {argv[2]!r}"
    elif program == "gunicorn":
        assert argv[1:3] == ["-c", "gunicorn.conf.py"], argv
        assert (ROOT / "gunicorn.conf.py").is_file()
    else:
        pytest.fail(f"unexpected program {argv}")


def _shell_commands(line: str) -> list[list[str]]:
    """`a && exec b` → [[a...], [b...]]."""
    commands = []
    for part in line.split("&&"):
        argv = shlex.split(part)
        if argv and argv[0] == "exec":
            argv = argv[1:]
        commands.append(argv)
    return commands


def test_the_project_reads_the_variables_this_test_looks_for():
    names = project_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PORT", "HOST"} <= names


# Dockerfile --------------------------------------------------------------------------


def _dockerfile() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_dockerfile_is_multi_stage_and_runs_as_a_user_not_root():
    instructions = _dockerfile()
    stages = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert len(stages) >= 2
    assert any("--from=build" in rest for keyword, rest in instructions if keyword == "COPY")
    final_stage = instructions[
        max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM") :
    ]
    users = [rest for keyword, rest in final_stage if keyword == "USER"]
    assert users
    assert users[-1] not in {"root", "0"}
    assert [k for k, _ in final_stage].index("USER") < [k for k, _ in final_stage].index("CMD")


def test_dockerfile_installs_the_lock_file_and_collects_static_files_at_build():
    instructions = _dockerfile()
    runs = [rest for keyword, rest in instructions if keyword == "RUN"]
    assert any("pip install --no-deps -r /tmp/requirements.lock" in run for run in runs)
    collect = [run for run in runs if "collectstatic" in run]
    assert collect
    assert "DEBUG=false" in collect[0]
    argv = shlex.split(collect[0])
    start = argv.index("python")
    _check_command(argv[start : start + 3])
    (cmd,) = [rest for keyword, rest in instructions if keyword == "CMD"]
    _check_command(yaml.safe_load(cmd))


def test_dockerfile_environment_is_read_by_the_project():
    instructions = _dockerfile()
    names = set()
    for keyword, rest in instructions:
        if keyword == "ENV":
            names |= set(re.findall(r"([A-Z][A-Z0-9_]+)=", rest))
    assert names - project_variables() - _READ_ELSEWHERE == set()


def _pins(path: Path) -> dict[str, str]:
    """{normalised name: version} of a uv-compiled lock file; every requirement pinned."""
    pins = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = line.split(";")[0].strip()
        name, _, version = requirement.partition("==")
        assert version, f"not pinned: {line}"
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_the_image_lock_pins_every_runtime_dependency_as_the_main_lock_does():
    """deploy/requirements.lock (what the Dockerfile installs, from `make lock`) holds every
    runtime dependency and the s3/sentry extras, at the versions of requirements.lock."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + extras["s3"] + extras["sentry"]
    image = _pins(ROOT / "deploy/requirements.lock")
    for requirement in wanted:
        name = re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0]
        assert re.sub(r"[-_.]+", "-", name).lower() in image, requirement
    everything = _pins(ROOT / "requirements.lock")
    assert {name: everything[name] for name in image} == image
    assert "pytest" not in image  # no development tools in the image
    assert (
        "COPY deploy/requirements.lock /tmp/requirements.lock" in (ROOT / "Dockerfile").read_text()
    )


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".venv", ".git", "db.sqlite3", "media"} <= ignored


# compose.yaml ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_web_worker_postgres_and_redis(compose):
    services = compose["services"]
    assert set(services) == {"web", "worker", "postgres", "redis"}
    assert services["web"]["build"] == "."
    assert (ROOT / "Dockerfile").is_file()
    assert services["worker"]["image"] == services["web"]["image"]


def test_compose_commands_exist(compose):
    web = compose["services"]["web"]["command"]
    assert web[:2] == ["sh", "-c"]
    commands = _shell_commands(web[2])
    assert [c[:3] for c in commands] == [
        ["python", "manage.py", "migrate"],
        ["gunicorn", "-c", "gunicorn.conf.py"],
    ]
    for argv in commands:
        _check_command(argv)
    _check_command(compose["services"]["worker"]["command"])


def test_compose_environment_is_read_by_the_project(compose):
    for name in ("web", "worker"):
        environment = compose["services"][name]["environment"]
        assert set(environment) - project_variables() - _READ_ELSEWHERE == set(), name


def test_compose_points_the_app_at_its_own_services(compose):
    services = compose["services"]
    environment = services["web"]["environment"]
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    postgres = services["postgres"]["environment"]
    assert environment["DATABASE_URL"] == (
        f"postgres://{postgres['POSTGRES_USER']}:{postgres['POSTGRES_PASSWORD']}"
        f"@postgres:5432/{postgres['POSTGRES_DB']}"
    )
    assert environment["TASKS_BACKEND"] == "database"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_compose_starts_the_worker_after_migrations_and_stops_it_gently(compose):
    worker = compose["services"]["worker"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert worker["stop_grace_period"] == "60s"


def test_compose_health_check_asks_a_url_that_exists(compose):
    test = compose["services"]["web"]["healthcheck"]["test"]
    (url,) = re.findall(r"http://127\.0\.0\.1:8000(/\w+)", " ".join(test))
    assert resolve(url).url_name == "healthz"


# systemd units -----------------------------------------------------------------------


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "deploy/systemd" / name)
    return parser


def _in_checkout(path: str) -> Path:
    """/srv/newsroom/... (where the units expect the checkout) → this checkout."""
    return ROOT / Path(path).relative_to("/srv/newsroom")


@pytest.mark.parametrize(
    ("unit", "program"),
    [("newsroom-web.service", "gunicorn"), ("newsroom-worker.service", "python")],
)
def test_systemd_units_run_commands_that_exist(unit, program):
    service = _unit(unit)["Service"]
    assert service["WorkingDirectory"] == "/srv/newsroom"
    argv = shlex.split(service["ExecStart"])
    assert Path(argv[0]).name == program
    assert _in_checkout(argv[0]).exists(), argv[0]
    _check_command(argv)
    assert service["User"] not in {"root", "0"}
    assert service["KillSignal"] == "SIGTERM"


def test_systemd_units_set_only_variables_the_project_reads():
    for unit in ("newsroom-web.service", "newsroom-worker.service"):
        service = _unit(unit)["Service"]
        names = set(re.findall(r"([A-Z][A-Z0-9_]+)=", service.get("Environment", "")))
        assert names - project_variables() == set(), unit


def test_the_worker_unit_outlasts_a_task_and_the_web_unit_reloads_with_hup():
    worker = _unit("newsroom-worker.service")["Service"]
    assert int(worker["TimeoutStopSec"]) >= 60
    assert worker["Environment"] == "TASKS_BACKEND=database"
    web = _unit("newsroom-web.service")["Service"]
    assert web["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert web["Type"] == "notify"


def test_the_worker_gets_a_smaller_share_of_the_cpu_than_the_web(compose):
    # Niceness does not weigh across cgroups: each unit and container is one.
    worker = _unit("newsroom-worker.service")["Service"]
    web = _unit("newsroom-web.service")["Service"]
    assert int(worker["CPUWeight"]) < int(web.get("CPUWeight", 100))
    services = compose["services"]
    assert services["worker"]["cpu_shares"] < services["web"].get("cpu_shares", 1024)
