# E-mognad: one image for web (gunicorn), worker and beat (celery); see docker-compose.yml.
# The dependencies come from uv.lock and nothing else, so the image runs what CI tested.

FROM python:3.11-slim AS build

ENV UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_PROGRESS=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN pip install uv==0.13.9

WORKDIR /app
# The lock files alone first, so a code change does not reinstall the dependencies.
# (The project is not a package: only its dependencies go into the environment.)
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev

COPY . .
# A throwaway key: settings refuse to load without one, and collectstatic signs nothing.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret SITE_URL=http://collectstatic.invalid \
    /app/.venv/bin/python manage.py collectstatic --noinput


FROM python:3.11-slim

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=emognad.settings

RUN groupadd --system --gid 10001 emognad \
    && useradd --system --uid 10001 --gid emognad --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin emognad

WORKDIR /app
COPY --from=build --chown=root:root /app /app

# Not root, and unable to write to the code: the containers keep no state on disk.
USER emognad:emognad
EXPOSE 8000

# gunicorn.conf.py, read from /app, sets the access log (tokens redacted) and the request
# limits. The root file system may be read-only: gunicorn gets no control socket in $HOME.
CMD ["gunicorn", "emognad.wsgi:application", "--bind=0.0.0.0:8000", "--workers=4", \
     "--worker-tmp-dir=/dev/shm", "--no-control-socket", "--access-logfile=-"]
