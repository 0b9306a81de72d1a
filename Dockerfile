FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml build-constraints.txt ./
COPY requirements/base.txt requirements/base.txt
# The locked versions with their hashes (make lock): the image installs exactly what was tested.
RUN python -m pip install --upgrade "pip>=25.3" \
    && PIP_BUILD_CONSTRAINT=/app/build-constraints.txt pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && useradd --system --uid 1000 app && mkdir -p /data/media /data/access-log /app/staticfiles && chown -R app /data /app/staticfiles
USER app
EXPOSE 8000
# gunicorn.conf.py (in /app) sets the processes, threads and timeouts.
CMD ["gunicorn", "joutsa_tyollisyys.wsgi:application"]
