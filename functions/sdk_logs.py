"""Keep the AWS SDK's own log records free of personal data.

At DEBUG, botocore logs every request's parameters and every response body ("Making request
... with params", "Response body"): emails, names and survey answers would reach the logs as
soon as someone turns the log level up to chase a problem. This filter keeps each SDK message
and drops its arguments, whatever level the loggers are set to.
"""

from __future__ import annotations

import logging

SDK_LOGGERS = ("botocore", "boto3", "urllib3", "s3transfer")
WITHHELD = " [arguments withheld: they can hold personal data]"


class WithholdArguments(logging.Filter):
    """Let the record through with its message but without its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = f"{record.msg}{WITHHELD}"
            record.args = None
        return True


def withhold_sdk_arguments() -> None:
    """Put the filter on every SDK logger that exists (run after the clients are built, when
    the SDK has imported all its modules). Safe to run again."""
    names = {
        name for name in logging.Logger.manager.loggerDict if name.split(".")[0] in SDK_LOGGERS
    }
    for name in sorted(names | set(SDK_LOGGERS)):
        logger = logging.getLogger(name)
        if not any(isinstance(item, WithholdArguments) for item in logger.filters):
            logger.addFilter(WithholdArguments())
