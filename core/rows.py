"""SQL built once for the few hot paths where building the ORM's SQL costs more than running it.

An agent's scan at the venue runs four look-ups by a key (token, roles, caravan, badge) and one insert.
Django spends 0.3 to 0.5 ms building each of those SELECTs (with their joins) and 0.015 ms running it
(measured on SQLite here); on the check-in path that was most of the request. And on SQLite an insert's
build time is spent holding the database's only write lock, which every other agent's scan then waits for.

`one_row` runs hand-written SQL, with `columns()` for its SELECT list, and gives model instances the way
select_related does, each value converted as the ORM would (dates from SQLite text, JSON, booleans);
`insert` saves a new instance with an INSERT built once per model, `insert_many` hundreds of them (a list
import). Everywhere else the ORM stays: it is the clearer way to say what a page reads and writes."""

import datetime
from functools import cache
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


@cache
def columns(model, alias):
    """The SELECT list of every column of `model`, on the table aliased `alias`, in the order one_row reads."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def one_row(sql, params, *models):
    """[an instance of each of `models`] from the first row of `sql`, whose SELECT list is their columns() in
    the same order; None when there is no row. The caller links them (`registration.person = person`).

    A model whose primary key comes back NULL (a LEFT JOIN that found nothing) gives None in its place."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return instances_of(row, *models)


def all_rows(sql, params):
    """Every row of `sql`. On PostgreSQL the statement is prepared (settings.py turns preparing back on), so
    after its first runs PostgreSQL keeps one generic plan: the check-in's join of eight tables cost it 1.07 ms
    of CPU a scan re-planned each time, 0.18 ms prepared."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    # psycopg's own cursor: Django's binds parameters on the client side, and a statement so bound cannot be
    # prepared. The connection, its transaction and its type loaders are Django's.
    with connection.Database.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall()


def instances_of(row, *models):
    """[an instance of each of `models`] from one fetched row, as one_row reads it (a query whose rows repeat
    the same objects beside a varying column reads each row so); the columns after theirs are left."""
    instances, start = [], 0
    for model in models:
        names, converters = _reading(model, connection.vendor)
        values = list(row[start : start + len(names)])
        start += len(names)
        for position, convert in converters:
            values[position] = convert(values[position])
        pk = values[names.index(model._meta.pk.attname)]
        instances.append(None if pk is None else model.from_db(connection.alias, names, values))
    return instances


def insert(instance):
    """Save the new `instance` as Model.save() would (auto_now_add, foreign keys, JSON), without signals;
    its primary key is set from the database."""
    model = type(instance)
    sql, fields = _insert_statement(model, connection.vendor)
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        instance.pk = cursor.fetchone()[0]
    instance._state.adding, instance._state.db = False, connection.alias
    return instance


def build(model, **values):
    """A new instance, as `model(**values)` makes it (defaults, foreign objects kept as assigning them keeps
    them), in a fifth of its time: for the objects a list import makes by the thousand. Its attributes are set
    as the constructor leaves them, without going through it unless someone listens to its signals."""
    defaults, made, names = _template(model)
    attributes = dict(defaults)
    for attname, default in made:
        attributes[attname] = default()
    related = []
    for name, value in values.items():
        attname, field = names[name]  # a KeyError names a field the model does not have
        if field is not None:
            related.append((field, value))
            value = None if value is None else value.pk
        attributes[attname] = value
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        instance = model(*attributes.values())
    else:
        instance = model.__new__(model)
        instance._state = ModelState()
        instance.__dict__.update(attributes)
    for field, obj in related:
        if obj is not None:
            field.set_cached_value(instance, obj)
    return instance


@cache
def _template(model):
    """({attname: default} in the fields' order, [(attname, a default made for each instance)], {name or
    attname: (attname, the foreign key when the name is its object's)})."""
    fields = model._meta.concrete_fields
    made = [
        (field.attname, field.default) for field in fields if field.has_default() and callable(field.default)
    ]
    defaults = {
        field.attname: None if field.attname in dict(made) else field.get_default() for field in fields
    }
    names = {field.attname: (field.attname, None) for field in fields}
    names |= {field.name: (field.attname, field) for field in fields if field.is_relation}
    return defaults, made, names


def insert_many(instances):
    """Insert new instances of one model as bulk_create would (auto_now(_add), foreign keys to objects saved
    since, JSON), a few statements for hundreds of rows; each instance gets its primary key. bulk_create
    passes every value through its field's methods: for a list import, whose rows write five tables, that
    was most of the import's time. Here plain values (text, numbers) go as they are, a date or JSON through
    the database's own adapter, and the time of the insert, the same for all its rows, is prepared once."""
    if not instances:
        return instances
    model = type(instances[0])
    db = connections[DEFAULT_DB_ALIAS]
    plain, kinds, other, related = _inserting(model)
    now = {field: field.pre_save(instances[0], True) for field in other if _automatic(field)}
    prepared = [(field.attname, _preparing(field, db)) for field in other if field not in now]
    constants = [field.get_db_prep_save(value, db) for field, value in now.items()]
    # Values are read from the instance's __dict__: a foreign key's attribute is a descriptor, slow to go
    # through thousands of times.
    plain_values = _getter([field.attname for field in plain])
    rows = []
    for instance in instances:
        attributes = instance.__dict__
        for field, value in now.items():
            attributes[field.attname] = value
        for field in related:  # an object assigned before it was saved has its key now
            if attributes[field.attname] is None and (obj := field.get_cached_value(instance, None)):
                if obj.pk is None:
                    raise ValueError(f"{model.__name__}.{field.name}: its object is not saved")
                # Into __dict__: setattr would drop the cached object, and reading it back (the batch's
                # messages name each registration's person) would cost a query per row.
                attributes[field.attname] = obj.pk
        values = list(plain_values(attributes))
        if not all(map(frozenset.__contains__, kinds, map(type, values))):  # a lazy text, an enumeration…
            values = [
                v if type(v) in kind else f.get_db_prep_save(v, db)
                for f, kind, v in zip(plain, kinds, values, strict=True)
            ]
        values += [prepare(attributes[name]) for name, prepare in prepared]
        rows.append(values + constants)
    quote = db.ops.quote_name
    columns = [field.column for field in [*plain, *(f for f in other if f not in now), *now]]
    head = "INSERT INTO {} ({}) VALUES ".format(table(model), ", ".join(quote(c) for c in columns))
    one = "({})".format(", ".join(["%s"] * len(columns)))
    size = max(1, db.ops.bulk_batch_size(columns, instances))
    with db.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"{head}{', '.join([one] * len(chunk))} RETURNING {quote(model._meta.pk.column)}",
                [value for row in chunk for value in row],
            )
            for instance, (pk,) in zip(instances[start : start + size], cursor.fetchall(), strict=True):
                instance.pk = pk
                instance._state.adding, instance._state.db = False, db.alias
    return instances


_INTEGERS = {"IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField"}
_INTEGERS |= {"BigIntegerField", "AutoField", "BigAutoField", "SmallAutoField"}
# The types of value each kind of field stores as they are (None aside).
_PLAIN = {"CharField": {str}, "TextField": {str}, "BooleanField": {bool}, "FloatField": {float, int}}
_PLAIN |= dict.fromkeys(_INTEGERS, {int})
# Values the database's adapter takes as they are (`prepared`), for the fields of these types.
_READY = {"DateField": {datetime.date}, "DateTimeField": {datetime.datetime}, "JSONField": {list, dict}}


@cache
def _inserting(model):
    """The fields insert_many writes: the plain ones with the types of value they store as they are, the
    others, and those that are foreign keys."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    kinds = {
        field: _PLAIN.get((field.target_field if field.is_relation else field).get_internal_type())
        for field in fields
    }
    plain = [field for field in fields if kinds[field]]
    other = [field for field in fields if not kinds[field]]
    plain_kinds = [frozenset({*kinds[field], type(None)}) for field in plain]
    return plain, plain_kinds, other, [field for field in fields if field.is_relation]


def _getter(names):
    """mapping → the tuple of its values for `names` (itemgetter gives a bare value for a single name)."""
    if len(names) > 1:
        return itemgetter(*names)
    return lambda mapping: tuple(mapping[name] for name in names)


def _automatic(field):
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _preparing(field, db):
    """value → what the database stores for `field`."""
    ready = _READY.get(field.get_internal_type(), set())

    def prepare(value):
        if type(value) in ready and getattr(value, "tzinfo", True) is not None:  # a naive time: the ORM's way
            return field.get_db_prep_value(value, db, prepared=True)
        return field.get_db_prep_save(value, db)

    if field.get_internal_type() != "JSONField":
        return prepare
    written = {}  # rows of one insert repeat the same reasons and details: each written out once

    def prepare_json(value):
        key = repr(value)
        if key not in written:
            written[key] = prepare(value)
        return written[key]

    return prepare_json


@cache
def _insert_statement(model, vendor):
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({}) RETURNING {}".format(
        table(model),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
        quote(model._meta.pk.column),
    )
    return sql, fields


@cache
def _reading(model, vendor):
    """(attribute names, [(position, converter)]) of a model's columns, for the database in use."""
    fields = model._meta.concrete_fields
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, _chain(found, column)))
    return [field.attname for field in fields], converters


def _chain(converters, expression):
    def convert(value):
        for converter in converters:
            value = converter(value, expression, connection)
        return value

    return convert
