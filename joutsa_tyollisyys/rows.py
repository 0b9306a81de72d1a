"""Rows of other tables as one column of a query: many short lists on one page for one SQL query.

``RelatedRows(queryset, related=("worker",), limit=50)`` is an expression. Used as an annotation, the
database computes the rows of ``queryset`` (filtered on ``OuterRef(...)`` of the outer query, ordered as
``queryset`` is) as a JSON array inside the outer query; Python gets back a list of model instances, with the
``related`` foreign keys filled in as ``select_related`` would. So a page can read, say, a client and the
lists of every section of the client page in one query::

    Client.objects.filter(pk=pk).annotate(
        meetings=RelatedRows(Meeting.objects.filter(client=OuterRef("pk")), related=("worker",), limit=50),
        has_consent=Exists(...),
    ).values("meetings", "has_consent").get()

The instances carry every concrete field of their model (of a related model too) unless ``fields`` /
``related_fields`` name fewer, and the queryset's own annotations as attributes. Fields whose type converts
database values itself (``from_db_value``, e.g. encrypted fields) are left out: like any field left out,
reading one costs a query, as for a deferred field (naming one in ``fields`` is an error). A plain JSONField
is read: its value is JSON inside the row's JSON. Works on SQLite and PostgreSQL (JSON_GROUP_ARRAY / JSONB_AGG).
"""

import json
from datetime import UTC
from decimal import Decimal

from django.db import models
from django.db.models import F, Func, Subquery, Value, Window
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce, JSONArray, RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_datetime

#: PostgreSQL's JSONB_BUILD_ARRAY takes at most 100 arguments: longer rows are built in chunks.
_CHUNK = 90
_PASS_THROUGH = (models.CharField, models.TextField, models.IntegerField, models.AutoField,
                 models.GenericIPAddressField, models.FileField, models.FloatField)


def _is_json(field) -> bool:
    """A JSONField whose value is read as the ORM reads it (no decoder of its own), embedded as JSON in the row."""
    return isinstance(field, models.JSONField) and field.decoder is None


def _json_value(value):
    """The rows are parsed with Decimal for floats (exact money): a JSONField gives floats, as the ORM does."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def _converter(field):
    """A function from the JSON value of ``field`` to its Python value (as the ORM would give it)."""
    if isinstance(field, models.ForeignKey):
        return _converter(field.target_field)
    if _is_json(field):
        return _json_value
    if hasattr(field, "from_db_value"):
        raise TypeError(f"RelatedRows cannot read {field.model.__name__}.{field.name} from JSON.")
    if isinstance(field, models.DateTimeField):
        def datetime_value(value):
            value = parse_datetime(value)
            return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value  # SQLite: UTC, naive
        return datetime_value
    if isinstance(field, models.DecimalField):
        exponent = Decimal(1).scaleb(-field.decimal_places)
        return lambda value: Decimal(str(value)).quantize(exponent)
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, (models.DateField, models.TimeField, models.DurationField, models.UUIDField)):
        return field.to_python
    if isinstance(field, _PASS_THROUGH):
        return lambda value: value
    raise TypeError(f"RelatedRows does not know how to read {type(field).__name__} ({field.model.__name__}."
                    f"{field.name}) from JSON; leave it out.")


class _Shape:
    """The columns of one model in a row: which fields, where in the row, and how to rebuild the instance."""

    def __init__(self, model, path, names=None):
        self.model = model
        self.path = path  # "worker__" for a related model, "" for the row's own model
        self.fields = [f for f in model._meta.concrete_fields
                       if f.primary_key or (names is None and (_is_json(f) or not hasattr(f, "from_db_value")))
                       or (names is not None and (f.name in names or f.attname in names))]
        self.converters = [_converter(f) for f in self.fields]
        self.pk_index = [f.primary_key for f in self.fields].index(True)

    def expression(self):
        """One JSON array of the fields: the table is joined through one column of it, the others are named
        next to it in the SQL (no ORM expression per column: a page reads hundreds of columns)."""
        meta = self.model._meta
        anchor = self.fields[self.pk_index] if not self.path else next(
            (f for f in meta.concrete_fields if not f.primary_key), meta.pk)  # a pk alone would not join
        return _TableColumns(F(self.path + anchor.attname), [f.column for f in self.fields],
                             json={f.column for f in self.fields if _is_json(f)})

    def build(self, values, db):
        values = [None if v is None else convert(v) for convert, v in zip(self.converters, values, strict=True)]
        if values[self.pk_index] is None:
            return None  # an empty foreign key (the row's own pk is never empty)
        return self.model.from_db(db, [f.attname for f in self.fields], values)


class _TableColumns(Func):
    """``JSON_ARRAY(t.a, t.b, …)`` of the table that ``column`` (a column reference) is read from."""

    output_field = models.JSONField()

    def __init__(self, column, columns, json=()):
        super().__init__(column)
        self.columns = columns
        self.json = set(json)  # JSONField columns: JSON in the array, not a string (SQLite's TEXT needs JSON())

    def as_sql(self, compiler, connection, **extra_context):
        (column,) = self.get_source_expressions()
        if not isinstance(column, Col):
            raise TypeError(f"RelatedRows expected a column, got {column!r}")
        table = compiler.quote_name_unless_alias(column.alias)
        names = [f"{table}.{connection.ops.quote_name(name)}" for name in self.columns]
        if connection.vendor != "postgresql":
            names = [f"JSON({n})" if name in self.json else n for n, name in zip(names, self.columns, strict=True)]
        if connection.vendor == "postgresql":  # JSONB_BUILD_ARRAY takes at most 100 arguments
            chunks = [f"JSONB_BUILD_ARRAY({', '.join(names[i:i + _CHUNK])})" for i in range(0, len(names), _CHUNK)]
            return " || ".join(chunks), []
        return f"JSON_ARRAY({', '.join(names)})", []


class _RowsField(models.JSONField):
    """Decodes the JSON array of a ``RelatedRows`` into model instances."""

    def __init__(self, rows):
        self.rows = rows
        super().__init__()

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        if isinstance(value, str):
            value = json.loads(value, parse_float=Decimal)
        return self.rows.decode(value, connection.alias)


class RelatedRows(Subquery):
    """See the module docstring. ``related``: foreign-key paths (``"group__leader"``) to fill in;
    ``fields``: the row model's field names to read (default: all); ``related_fields``: {path: names}."""

    def __init__(self, queryset, *, related=(), limit=None, fields=None, related_fields=None):
        model = queryset.model
        if queryset.query.is_sliced:  # the slice is taken after ordering, below
            if queryset.query.low_mark:
                raise ValueError("RelatedRows takes the first rows only (a slice [:n] or limit=n).")
            limit = min(n for n in (limit, queryset.query.high_mark) if n is not None)
            queryset = queryset._chain()
            queryset.query.clear_limits()
        related_fields = related_fields or {}
        self.shapes = [_Shape(model, "", fields)]
        self.related = []
        paths = []
        for path in related:  # a path's parents first: "group" before "group__leader"
            parts = path.split("__")
            paths += ["__".join(parts[:i]) for i in range(1, len(parts) + 1) if "__".join(parts[:i]) not in paths]
        for path in paths:
            target = model
            for name in path.split("__"):
                target = target._meta.get_field(name).related_model
            self.shapes.append(_Shape(target, path + "__", related_fields.get(path)))
            self.related.append(path)
        order_by = list(queryset.query.order_by or model._meta.ordering)
        self.annotations = [(name, _converter(expression.output_field))
                            for name, expression in queryset.query.annotation_select.items()]
        columns = [shape.expression() for shape in self.shapes]
        columns += [F(name) for name, _ in self.annotations]
        columns.append(Window(RowNumber(), order_by=[_order_expression(o) for o in order_by] or None))
        inner = queryset.order_by(*order_by).values(row=JSONArray(*columns))
        if limit is not None:
            inner = inner[:limit]
        super().__init__(inner, output_field=_RowsField(self))

    def as_sqlite(self, compiler, connection):
        return self.as_sql(compiler, connection,
                           template='(SELECT JSON_GROUP_ARRAY(JSON(_rows."row")) FROM (%(subquery)s) _rows)')

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection,
                           template="(SELECT COALESCE(JSONB_AGG(_rows.\"row\"), '[]'::jsonb) "
                                    "FROM (%(subquery)s) _rows)")

    def decode(self, rows, db):
        rows.sort(key=lambda row: row[-1])  # the row number: the queryset's order
        result = []
        for row in rows:
            instances = [shape.build(values, db) for shape, values in zip(self.shapes, row, strict=False)]
            for (name, convert), value in zip(self.annotations, row[len(self.shapes):-1], strict=True):
                setattr(instances[0], name, None if value is None else convert(value))
            by_path = {"": instances[0]}
            for path, instance in zip(self.related, instances[1:], strict=True):
                parent_path, _, name = path.rpartition("__")
                parent = by_path.get(parent_path)
                if parent is not None:
                    parent._meta.get_field(name).set_cached_value(parent, instance)
                by_path[path] = instance
            result.append(instances[0])
        return result


def read_on(instance, annotations: dict) -> dict:
    """The values of ``annotations`` (key → expression; ``OuterRef("pk")`` is ``instance``) in one query."""
    if not annotations:
        return {}
    aliases = {f"value_{i}": key for i, key in enumerate(annotations)}  # keys may clash with field names
    row = (
        instance._meta.model._default_manager.filter(pk=instance.pk)
        .annotate(**{alias: annotations[key] for alias, key in aliases.items()})
        .values(*aliases)
        .get()
    )
    return {key: row[alias] for alias, key in aliases.items()}


def count_of(queryset):
    """The number of rows of ``queryset`` as an expression: counted within another query."""
    counted = queryset.order_by().annotate(_count=Func(F("pk"), function="COUNT")).values("_count")
    return Subquery(counted, output_field=models.IntegerField())


def singleton_value(model, field_name):
    """The value of ``field_name`` in the one row (pk 1) of a settings model (the field's default while the
    row has not been saved yet), as an expression: read within another query instead of a query of its own."""
    field = model._meta.get_field(field_name)
    return Coalesce(Subquery(model.objects.filter(pk=1).values(field_name)[:1]), Value(field.get_default()),
                    output_field=field)


def _order_expression(order):
    if isinstance(order, str):
        if order.startswith("-"):
            return F(order[1:]).desc()
        return F(order).asc()
    return order
