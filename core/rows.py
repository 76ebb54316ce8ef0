"""SQL built once for the few hot paths where building the ORM's SQL costs more than running it.

An agent's scan at the venue runs four look-ups by a key (token, roles, caravan, badge) and one insert.
Django spends 0.3 to 0.5 ms building each of those SELECTs (with their joins) and 0.015 ms running it
(measured on SQLite here); on the check-in path that was most of the request. And on SQLite an insert's
build time is spent holding the database's only write lock, which every other agent's scan then waits for.

`one_row` runs hand-written SQL, with `columns()` for its SELECT list, and gives model instances the way
select_related does, each value converted as the ORM would (dates from SQLite text, JSON, booleans);
`insert` saves a new instance with an INSERT built once per model. Everywhere else the ORM stays: it is the
clearer way to say what a page reads and writes."""

from functools import cache

from django.db import connection


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
