"""Session attendance and the organisers' live board.

`services` marks who was present at which session (the trainer's list, or the participant's scan of the
session's QR code) and answers `attendance_of(caravan)`, which the certificate rule reads; `board` is the live
board's figures; `views` and `urls` are the pages."""

from .services import attendance_of

__all__ = ["attendance_of"]
