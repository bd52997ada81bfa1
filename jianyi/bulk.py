"""`insert`: bulk_create for the write paths that insert thousands of rows in one transaction.

On PostgreSQL a hundred rows or more go by binary COPY, their ids taken first from the table's
sequence (one query). bulk_create writes every value into the SQL text (each string escaped by a
regular expression) for the server to parse again, and even an INSERT ... SELECT FROM unnest(arrays)
with server-side binding took twice as long as COPY (the reminder scan's 21,822 events: 0.42 s
against 0.20 s). The COPY is logged as Django logs a query (DEBUG, the tests that count queries);
execute wrappers do not see it. Fewer rows, and other databases, go by bulk_create.

`any_of`: a filter on thousands of ids. An IN list is one placeholder per id, which psycopg splits
out of the SQL text and quotes one by one; on PostgreSQL the ids go as one array parameter instead
(`= ANY(%s)`): 3 ms against 11 for a query of 2,000 ids at 1M.

`gc_paused`: no cyclic garbage collection during a bulk write (see there).

`no_jit`: a bulk write's queries over thousands of rows cost enough for PostgreSQL to compile
them to machine code, which takes longer than running them.
"""

import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, Field, Model
from django.db.models.lookups import In

COPY_FROM = 100  # rows; fewer go by bulk_create, one INSERT ... RETURNING (COPY takes two round trips)


def insert(objs: Sequence[Model]) -> list[Model]:
    """Insert these new instances of one model (every concrete column but an auto id) and set their ids."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    # The connection itself, not the `django.db.connection` proxy: each attribute read through the
    # proxy looks the connection up again, and preparing 100,000 values reads several each.
    db = connections[DEFAULT_DB_ALIAS]
    if any(o.pk is not None for o in objs):
        raise ValueError("bulk.insert writes new rows: their ids come from the table's sequence")
    if db.vendor != "postgresql" or len(objs) < COPY_FROM:
        return model.objects.bulk_create(objs)
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    for f in fields:  # what bulk_create does first: defaults already set, `pre_save` (auto_now ...)
        if type(f).pre_save is not Field.pre_save:  # the base one only reads the attribute
            for obj in objs:
                setattr(obj, f.attname, f.pre_save(obj, add=True))
    q = db.ops.quote_name
    with db.cursor() as cursor:  # the ids first, from the table's own sequence
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [q(meta.db_table), pk.column, len(objs)],
        )
        ids = [i for (i,) in cursor.fetchall()]
    values = [ids]
    for f in fields:
        name = f.attname
        if _as_is(f):
            values.append([getattr(o, name) for o in objs])
        elif f.get_internal_type() in _FEW_VALUES:
            values.append(_prepared_once(f, [getattr(o, name) for o in objs], db))
        else:
            prep = f.get_db_prep_save
            values.append([prep(getattr(o, name), db) for o in objs])
    columns = [pk.column, *(f.column for f in fields)]
    sql = f"COPY {q(meta.db_table)} ({', '.join(map(q, columns))}) FROM STDIN (FORMAT BINARY)"
    types = _column_types(db, meta.db_table, columns)
    start = time.monotonic()
    with db.wrap_database_errors, db.connection.cursor() as raw, raw.copy(sql) as copy:
        copy.set_types(types)
        for row in zip(*values, strict=True):
            copy.write_row(row)  # a refused row (a unique key ...) raises IntegrityError, as an INSERT would
    if db.queries_logged:  # as Django's cursor logs a query (DEBUG, and the tests that count them)
        db.queries_log.append({"sql": f"{sql} -- {len(objs)} rows", "time": f"{time.monotonic() - start:.3f}"})
    for obj, new_id in zip(objs, ids, strict=True):
        setattr(obj, pk.attname, new_id)
        obj._state.adding, obj._state.db = False, db.alias
    return objs


_types: dict[tuple[str, str], dict[str, int]] = {}


def _column_types(db, table: str, columns: list[str]) -> list[int]:
    """The type of each column, as the table has it (binary COPY sends each value in its exact type)."""
    key = (db.settings_dict["NAME"], table)
    if not set(columns) <= _types.get(key, {}).keys():  # not read yet, or a column added since
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [db.ops.quote_name(table)],
            )
            _types[key] = dict(cursor.fetchall())
    return [_types[key][c] for c in columns]


# Columns whose Python value psycopg sends as it is: Django's preparation of them only checks the
# type (int(), str()), at a microsecond a value, and a value of the wrong type fails the COPY.
_PLAIN = frozenset(
    {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "PositiveIntegerField",
     "PositiveSmallIntegerField", "SmallIntegerField", "CharField", "TextField", "BooleanField"}
)  # fmt: skip


# Columns that hold a few distinct values in a bulk write (its time, its day), each prepared once.
_FEW_VALUES = frozenset({"DateTimeField", "DateField"})


def _prepared_once(f: Field, column: list, db) -> list:
    done = {}
    for value in column:
        if value not in done:
            done[value] = f.get_db_prep_save(value, db)
    return [done[value] for value in column]


def _as_is(f: Field) -> bool:
    target = f.target_field if f.is_relation else f
    return target.get_internal_type() in _PLAIN and type(target).get_db_prep_save is Field.get_db_prep_save


class AnyOf(In):
    """`column IN (ids)`, written `column = ANY(%s)` with one array parameter on PostgreSQL."""

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, [v for v in self.rhs if v is not None])


def any_of(field: str, ids) -> AnyOf:
    """A filter (`qs.filter(any_of("pk", ids))`) for the rows whose `field` is one of these ids."""
    return AnyOf(F(field), list(ids))


def any_of_sql(column: str, ids) -> tuple[str, list]:
    """The same test in raw SQL on a quoted `column`: its text and its parameters."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for a bulk write, whose hundreds of thousands of objects
    (model instances, steps, payloads) live until it ends. The collector runs every 700 new objects
    and walks the young ones each time, and all of them now and then: 0.5 s of the reminder scan's
    4.5 at 1M. They hold no cycles that need it; any that do are collected once it is back on."""
    if not gc.isenabled():  # already paused (a bulk write inside another)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def no_jit() -> None:
    """No query compiled to machine code for the rest of this transaction (PostgreSQL's SET LOCAL).

    The figures' facts of a batch of 9,000 suggestions (some 30 subqueries a row) are costed far
    above `jit_above_cost`: compiling them took 13 s of the query's 21 s. A write's queries are
    index lookups per row, which JIT does not speed up."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
