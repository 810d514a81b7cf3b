"""Where Splink computes: DuckDB in the process (the default), or a local Spark.

Both run the same settings and the same training plan; only loading the records, reading
rows back and overriding scored pairs with an analyst's decisions differ, and those three
live here. The engine is a computation, not our database: results go back to the store
through ``dadkhah.link.run``.

Spark runs on ``local[N]`` (``DADKHAH_SPARK_MASTER`` to change it), with its warehouse and
checkpoints in a temporary directory, never in the working directory. A session is started
once per process and reused.
"""

from __future__ import annotations

import atexit
import csv
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from dadkhah.errors import InputError

COLUMNS = (
    "unique_id", "source_dataset", "record_id", "given_key", "family_key", "father_key",
    "full_key", "phonetic_key", "sex", "age", "date", "place",
)  # fmt: skip
NAMES = ("duckdb", "spark")


class DuckDBBackend:
    """Splink on an in-memory DuckDB connection."""

    name = "duckdb"

    def __init__(self, con=None):
        import duckdb
        from splink import DuckDBAPI

        self._tmp = tempfile.TemporaryDirectory(prefix="dadkhah-link-")
        self.con = con if con is not None else duckdb.connect()
        self.con.execute("SET enable_progress_bar = false")
        self.api = DuckDBAPI(self.con)

    def load(self, records: list[dict]):
        """Records (dicts with ``COLUMNS``) as a typed table registered with Splink."""
        path = Path(self._tmp.name) / "records.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
            w.writeheader()
            for r in records:
                w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in COLUMNS})
        self.con.execute(
            "CREATE OR REPLACE TABLE records AS "
            "SELECT * FROM read_csv(?, header=true, all_varchar=true)",
            [str(path)],
        )
        self.con.execute(
            "CREATE OR REPLACE TABLE records_typed AS SELECT unique_id, source_dataset, "
            "record_id, given_key, family_key, father_key, full_key, phonetic_key, "
            "NULLIF(sex, '') AS sex, TRY_CAST(NULLIF(age, '') AS INTEGER) AS age, "
            "NULLIF(date, '') AS date, NULLIF(place, '') AS place FROM records"
        )
        return self.register("records_typed")

    def register(self, table: str):
        return self.api.register(table)

    def rows(self, sdf, columns: str, order: str = "") -> list[tuple]:
        sql = f"SELECT {columns} FROM {sdf.physical_name}"
        return self.con.execute(sql + (f" ORDER BY {order}" if order else "")).fetchall()

    def query(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def override(self, predictions, decisions: dict):
        for (left, right), same in decisions.items():
            self.con.execute(
                f"UPDATE {predictions.physical_name} SET match_probability = ? WHERE "
                "(unique_id_l = ? AND unique_id_r = ?) OR (unique_id_l = ? AND unique_id_r = ?)",
                [1.0 if same else 0.0, left, right, right, left],
            )
        return predictions

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()


_SPARK = {}


def spark_session():
    """The process's local Spark session, started on first use (8–20 s on two cores)."""
    if "session" in _SPARK:
        return _SPARK["session"]
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as e:
        raise InputError(
            "--backend spark", f"needs PySpark: pip install 'dadkhah[spark]' ({e})"
        ) from e
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    work = tempfile.mkdtemp(prefix="dadkhah-spark-")
    quiet = Path(work) / "log4j2.properties"  # Spark's own chatter: errors only
    quiet.write_text(
        "rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\nappender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = spark %p %c{1}: %m%n\n",
        encoding="utf-8",
    )
    session = (
        SparkSession.builder.master(os.environ.get("DADKHAH_SPARK_MASTER", "local[2]"))
        .appName("dadkhah-link")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.warehouse.dir", str(Path(work) / "warehouse"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{quiet}")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.driver.memory", os.environ.get("DADKHAH_SPARK_MEMORY", "2g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(Path(work) / "checkpoints"))
    _SPARK["session"], _SPARK["work"] = session, work
    atexit.register(_stop_spark)
    return session


def _stop_spark() -> None:
    session = _SPARK.pop("session", None)
    if session is not None:
        session.stop()
    shutil.rmtree(_SPARK.pop("work", ""), ignore_errors=True)


class SparkBackend:
    """Splink on a local Spark session."""

    name = "spark"

    def __init__(self):
        from splink import SparkAPI

        self.spark = spark_session()
        self.api = SparkAPI(spark_session=self.spark, num_partitions_on_repartition=8)

    def load(self, records: list[dict]):
        from pyspark.sql.types import IntegerType, StringType, StructField, StructType

        schema = StructType(
            [StructField(c, IntegerType() if c == "age" else StringType()) for c in COLUMNS]
        )

        def value(r, c):
            v = r.get(c)
            if v in (None, ""):
                return None
            return int(v) if c == "age" else str(v)

        rows = [tuple(value(r, c) for c in COLUMNS) for r in records]
        frame = self.spark.createDataFrame(rows, schema)
        # one session serves many runs: each run's records get their own view
        return self.api.register(frame, table_name=f"records_{secrets.token_hex(6)}")

    def register(self, table: str):
        return self.api.register(self.spark.table(table), table_name=table)

    def rows(self, sdf, columns: str, order: str = "") -> list[tuple]:
        sql = f"SELECT {columns} FROM {sdf.physical_name}"
        result = self.spark.sql(sql + (f" ORDER BY {order}" if order else "")).collect()
        return [tuple(r) for r in result]

    def query(self, sql: str) -> list[tuple]:
        return [tuple(r) for r in self.spark.sql(sql).collect()]

    def override(self, predictions, decisions: dict):
        if not decisions:
            return predictions
        cases = []
        for (left, right), same in decisions.items():
            a, b = _quote(left), _quote(right)
            cases.append(
                f"WHEN (unique_id_l = {a} AND unique_id_r = {b}) OR "
                f"(unique_id_l = {b} AND unique_id_r = {a}) THEN {1.0 if same else 0.0}"
            )
        frame = self._replace(predictions, cases)
        name = f"{predictions.physical_name}_decided"
        return self.api.register(frame, table_name=name)

    def _replace(self, predictions, cases):
        frame = self.spark.table(predictions.physical_name)
        columns = [
            f"CASE {' '.join(cases)} ELSE match_probability END AS match_probability"
            if c == "match_probability"
            else f"`{c}`"
            for c in frame.columns
        ]
        return frame.selectExpr(*columns)

    def close(self) -> None:
        # the session stays up for the next run in this process; its views are replaced
        return None


def _quote(value: str) -> str:
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def backend(name: str):
    """A fresh backend by name: ``duckdb`` or ``spark``."""
    if name == "duckdb":
        return DuckDBBackend()
    if name == "spark":
        return SparkBackend()
    raise InputError(f"--backend {name}", f"unknown backend; choose one of {', '.join(NAMES)}")
