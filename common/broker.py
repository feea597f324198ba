"""kombu's Redis transport, with the one fix that keeps a worker alive when Redis goes away
while the worker holds a message it has not acknowledged yet.

The defect (kombu 5.7.0, the newest release; Celery 5.7.0): on a lost connection Celery's
consumer first collects the connection and then closes it. Collecting closes the channel,
whose first step reads the reply of the BRPOP it is waiting in; on a dead socket that read
raises, and the channel's close stops there, half done. Collecting then drops the
transport's link to its connection. The second close finds the channel still open and
goes on to give back the held messages (a recompute waiting out its delay, a task
acknowledged late): that needs a Redis client, building one reads the connection's
address, the connection is gone, and `AttributeError: 'NoneType' object has no attribute
'hostname'` ends the worker for good ("Unrecoverable error").

Here the channel's close gets past a failed BRPOP read, and giving the held messages back
to a Redis that does not answer is logged instead of raised: they are still in Redis's
index of unacknowledged messages, and come back from there after the visibility timeout.
The worker does not wait for that: each time it connects it recomputes the rounds whose
reports are stale (`emognad.celery.CatchUpOnConnect`).

The transport is registered under kombu's own names, redis:// and rediss://, so that the
URLs and kombu's handling of each scheme stay as they are.
`tests/faults/test_broker_restart.py` shows the stock transport still failing: when that
test says kombu is fixed, this module can go.
"""

import logging
from queue import Empty

import kombu.transport
import redis.exceptions
from kombu.transport import redis as kombu_redis

logger = logging.getLogger(__name__)


class QoS(kombu_redis.QoS):
    def restore_unacked(self, client=None):
        try:
            return super().restore_unacked(client)
        except self.channel.connection_errors as exc:
            logger.warning(
                "Redis is unavailable, so %d unacknowledged message(s) stay in its index of"
                " unacknowledged messages until the visibility timeout (%s)",
                len(self._delivered),
                exc,
            )
            self._delivered.clear()
            return None


class Channel(kombu_redis.Channel):
    QoS = QoS

    def close(self):
        if self._in_poll:
            try:
                self._brpop_read()
            except (Empty, *self.connection_errors):
                pass  # the reply of a dead connection: nothing to read, the close goes on
        super().close()

    def _connparams(self, asynchronous=False):
        """A channel of a connection that has been closed (a task acknowledged after the
        connection was lost, say) fails as a lost connection does, which Celery logs and
        survives, not with an AttributeError, which ends the worker."""
        if self.connection.client is None:
            raise redis.exceptions.ConnectionError("the connection to Redis has been closed")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel


def register() -> None:
    """Make redis:// and rediss:// URLs use the transport above (idempotent)."""
    kombu.transport.TRANSPORT_ALIASES["redis"] = f"{__name__}:Transport"
    kombu.transport.TRANSPORT_ALIASES["rediss"] = f"{__name__}:Transport"
