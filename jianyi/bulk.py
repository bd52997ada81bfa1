"""`insert`: bulk_create for the write paths that insert thousands of rows in one transaction.

On PostgreSQL Django's connection binds parameters on the client: bulk_create's arrays are
written into the SQL text element by element (each string escaped by a regular expression) and
the server parses that text again. For the reminder scan's ~18,000 events and their audit records
that cost several times the INSERT itself (0.58 s against 0.10 s for 1,820 events). Here each
column goes as one binary array through a server-side binding cursor, still through Django's
cursor wrapper (query logging and execute wrappers see it). Other databases use bulk_create.

`any_of`: a filter on thousands of ids. An IN list is one placeholder per id, which psycopg splits
out of the SQL text and quotes one by one; on PostgreSQL the ids go as one array parameter instead
(`= ANY(%s)`): 3 ms against 11 for a query of 2,000 ids at 1M.

`no_jit`: a bulk write's queries over thousands of rows cost enough for PostgreSQL to compile
them to machine code, which takes longer than running them.
"""

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, Field, Model
from django.db.models.lookups import In

CHUNK = 20_000  # rows per INSERT


def insert(objs: Sequence[Model]) -> list[Model]:
    """Insert these new instances of one model (every concrete column but an auto id) and set their ids."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    # The connection itself, not the `django.db.connection` proxy: each attribute read through the
    # proxy looks the connection up again, and preparing 100,000 values reads several each.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return model.objects.bulk_create(objs)
    import psycopg

    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    for f in fields:  # what bulk_create does first: defaults already set, `pre_save` (auto_now ...)
        if type(f).pre_save is not Field.pre_save:  # the base one only reads the attribute
            for obj in objs:
                setattr(obj, f.attname, f.pre_save(obj, add=True))
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    casts = ", ".join(f"%b::{f.db_type(db)}[]" for f in fields)
    sql = (
        f"INSERT INTO {db.ops.quote_name(meta.db_table)} ({columns}) "  # noqa: S608 - our model's names
        f"SELECT * FROM unnest({casts}) RETURNING {db.ops.quote_name(pk.column)}"
    )
    db.ensure_connection()
    raw = psycopg.Cursor(db.connection)  # server-side binding: the arrays go as parameters
    with db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw) as cursor:
        for start in range(0, len(objs), CHUNK):
            chunk = objs[start : start + CHUNK]
            arrays = []
            for f in fields:
                name = f.attname
                if _as_is(f):
                    arrays.append([getattr(o, name) for o in chunk])
                else:
                    prep = f.get_db_prep_save
                    arrays.append([prep(getattr(o, name), db) for o in chunk])
            cursor.execute(sql, arrays)
            for obj, (new_id,) in zip(chunk, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, new_id)
                obj._state.adding, obj._state.db = False, db.alias
    return objs


# Columns whose Python value psycopg sends as it is: Django's preparation of them only checks the
# type (int(), str()), at a microsecond a value, and a value of the wrong type fails the INSERT.
_PLAIN = frozenset(
    {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "PositiveIntegerField",
     "PositiveSmallIntegerField", "SmallIntegerField", "CharField", "TextField", "BooleanField"}
)  # fmt: skip


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


def no_jit() -> None:
    """No query compiled to machine code for the rest of this transaction (PostgreSQL's SET LOCAL).

    The figures' facts of a batch of 9,000 suggestions (some 30 subqueries a row) are costed far
    above `jit_above_cost`: compiling them took 13 s of the query's 21 s. A write's queries are
    index lookups per row, which JIT does not speed up."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
