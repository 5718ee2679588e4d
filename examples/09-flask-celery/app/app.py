import os

from celery import Celery
from flask import Flask

app = Flask(__name__)
celery = Celery(__name__, broker=os.environ.get("REDIS_URL"))


@app.get("/health")
def health():
    return "ok"
