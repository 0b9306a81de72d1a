"""Inserting many rows fast (demo and benchmark data, list imports): COPY on PostgreSQL, executemany
elsewhere. Rows are dicts of field name → Python value; omitted fields get their default (computed once);
values are prepared by their field (so encrypted fields are encrypted). No model instances are built."""

from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.fields.related import ForeignKey

#: Fields whose Python values the database driver takes as they are: no per-value preparation (a million
#: rows × a few fields of ``get_db_prep_save`` was a third of the benchmark data set's build).
_AS_IS = (models.CharField, models.TextField, models.DateField, models.IntegerField, models.BigIntegerField,
          models.SmallIntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
          models.PositiveBigIntegerField, models.BooleanField, models.AutoField, models.BigAutoField)


def _preparer(field, connection) -> Callable | None:
    """How to turn a value of ``field`` into what the driver takes: ``None`` when the value goes as it is
    (exact built-in types only: a subclass such as an encrypted field prepares its values, so does a field
    with choices, whose values may be enum members). ``connection`` is the real connection, not the proxy.
    Elsewhere than on PostgreSQL only whole numbers and booleans go as they are (dates become ISO text)."""
    if connection.vendor != "postgresql":
        if isinstance(field, models.IntegerField | models.BooleanField) and not field.choices:
            return None
    elif type(field) is ForeignKey:
        target = field.target_field
        if type(target) in _AS_IS and not target.choices:
            return None
    elif type(field) in _AS_IS and not field.choices:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _connection():
    return connections[DEFAULT_DB_ALIAS]


def _columns(model, names, constants):
    fields = [model._meta.get_field(name) for name in names]
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in names or field.attname in names:
            continue
        if field.name in constants or field.attname in constants:
            defaults[field] = constants.get(field.attname, constants.get(field.name))
        elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            from django.utils import timezone

            defaults[field] = timezone.now()
        elif field.has_default() or field.null:
            defaults[field] = field.get_default()
        elif isinstance(field, models.CharField | models.TextField) and field.blank:
            defaults[field] = ""
    return fields, defaults


def insert_rows(model, rows: Iterable[dict], *, constants: dict | None = None, batch_size: int = 5000) -> int:
    """Insert ``rows`` (dicts with the same keys); other columns take ``constants`` or their default."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    names = list(first)
    connection = _connection()
    fields, defaults = _columns(model, names, constants or {})
    all_fields = fields + list(defaults)
    prepared_defaults = [f.get_db_prep_save(v, connection) for f, v in defaults.items()]
    # (name, default when the row lacks it, preparer or None)
    plan = [(name, _default(f), _preparer(f, connection)) for name, f in zip(names, fields, strict=True)]

    def prepared(row):
        values = []
        for name, fallback, prepare in plan:
            value = row.get(name, fallback)
            values.append(value if prepare is None else prepare(value))
        return values + prepared_defaults

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in all_fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in _chain(first, rows):
                    copy.write_row(prepared(row))
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(all_fields))})"  # noqa: S608
            batch = []
            for row in _chain(first, rows):
                batch.append(prepared(row))
                if len(batch) >= batch_size:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def _default(field):
    if field.has_default() or field.null:
        return field.get_default()
    return "" if isinstance(field, models.CharField | models.TextField) else None


def _chain(first, rest):
    yield first
    yield from rest


def update_rows(model, rows: Iterable[dict], fields: list[str]) -> int:
    """Set ``fields`` (attnames) of many rows at once; each row is a dict with ``pk`` and the fields.
    PostgreSQL: COPY into a temporary table and one UPDATE … FROM; elsewhere one UPDATE per row (executemany)."""
    connection = _connection()
    model_fields = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    plan = [("pk", _preparer(pk, connection))] + [(f.attname, _preparer(f, connection)) for f in model_fields]

    def prepared(row):
        return [row[name] if prepare is None else prepare(row[name]) for name, prepare in plan]

    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = [pk.column] + [f.column for f in model_fields]
            cursor.execute(
                f"CREATE TEMPORARY TABLE bulk_update_rows ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {table} WITH NO DATA")
            with cursor.cursor.copy(
                    f"COPY bulk_update_rows ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    count += 1
            assignments = ", ".join(f"{quote(f.column)} = u.{quote(f.column)}" for f in model_fields)
            cursor.execute(f"UPDATE {table} SET {assignments} FROM bulk_update_rows u "  # noqa: S608
                           f"WHERE {table}.{quote(pk.column)} = u.{quote(pk.column)}")
            cursor.execute("DROP TABLE bulk_update_rows")
        else:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in model_fields)
            sql = f"UPDATE {table} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
            batch = [[*values[1:], values[0]] for values in map(prepared, rows)]
            cursor.executemany(sql, batch)
            count = len(batch)
    return count
