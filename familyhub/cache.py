"""The database cache the rate limits count in when no Redis server is set
(settings.CACHES["ratelimit"]), with a counter that holds under simultaneous requests.

The rate limits of public forms (django-ratelimit) count in the cache with `add` then `incr`.
Django's database cache increments by reading the value and writing it back, with a new expiry:
two requests at once could both read 4 and both write 5, and a one-hour window would end five
minutes after its last request. Here the increment locks the row (PostgreSQL) or runs in
SQLite's single write transaction (settings: IMMEDIATE), and keeps the row's expiry.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class CountingDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')} FROM {table} "  # noqa: S608 (names quoted, values bound)
                f"WHERE {quote('cache_key')} = %s AND {quote('expires')} > %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            # The cache's own pickles, written by this class or Django's, never a visitor's data.
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s "  # noqa: S608
                f"WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return value
