"""Health-change alerts: one JSON POST to `alerts.webhook` when a source changes health state.

Only a change is announced, never a repeat, so a receiver can page someone on each POST. A
receiver that fails is logged and not retried: the next change sends again, and `tidings
status` shows the current state anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx

__all__ = ["WEBHOOK_TIMEOUT_S", "post_alert"]

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_S = 10.0


async def post_alert(url: str, payload: Mapping[str, object]) -> bool:
    """POST `payload` as JSON to `url`; True on a 2xx answer."""
    try:
        async with httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_S) as client:
            response = await client.post(url, json=dict(payload))
    except httpx.HTTPError as exc:
        logger.warning("alert.failed", extra={"url": url, "error": f"{type(exc).__name__}: {exc}"})
        return False
    if not response.is_success:
        logger.warning("alert.failed", extra={"url": url, "status": response.status_code})
        return False
    logger.info("alert.sent", extra={"url": url, "source": payload.get("source")})
    return True
