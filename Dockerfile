# Clearway: the pipeline library, its DAGs and Airflow 3 in one image (see docker-compose.yml).
FROM python:3.11-slim-bookworm

# OMP_THREAD_LIMIT=1: Tesseract is ~6x faster per page single-threaded; pages run in
# parallel processes instead (shared/notes/services.md).
ENV PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    AIRFLOW_HOME=/opt/airflow \
    OMP_THREAD_LIMIT=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd \
      tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa \
      wbritish wfrench wngerman wspanish \
      poppler-utils \
 && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app
# Dependencies first (pinned by uv.lock) so that code changes do not rebuild this layer.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

# Explicit folders, never `COPY . .`: the local state folder (.clearway/) holds secrets.
COPY clearway/ clearway/
COPY intake/ intake/
COPY extractors/ extractors/
COPY validators/ validators/
COPY linking/ linking/
COPY declarations/ declarations/
COPY handoff/ handoff/
COPY notices/ notices/
COPY web/ web/
COPY evaluation/ evaluation/
COPY storage/ storage/
COPY synth/ synth/
COPY dags/ dags/
COPY samples/ samples/
RUN uv sync --frozen --no-dev

# Airflow's conventional uid; no process in the image runs as root.
RUN useradd --system --uid 50000 --gid 0 --home-dir /opt/airflow --create-home clearway \
 && mkdir -p /opt/airflow/logs /var/lib/clearway \
 && chown -R 50000:0 /opt/airflow /var/lib/clearway
USER 50000
