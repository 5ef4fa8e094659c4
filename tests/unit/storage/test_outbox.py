from datetime import timedelta

from sqlalchemy import text

from koffer.storage.store import KitStore
from tests.unit.workflows.helpers import new_case


def test_enqueue_is_due_at_once_and_failed_entries_wait(store: KitStore) -> None:
    case_id = new_case(store)
    with store.unit_of_work() as uow:
        key = uow.enqueue(case_id)
    with store.unit_of_work() as uow:
        (entry,) = uow.due_outbox()
        assert entry.idempotency_key == key
        uow.mark_failed(entry.id, "HTTP 503", timedelta(minutes=5))
    with store.unit_of_work() as uow:
        assert uow.due_outbox() == []
        assert uow.outbox_counts() == {"failed": 1}


def test_outbox_row_rolls_back_with_the_case_change(store: KitStore) -> None:
    case_id = new_case(store)
    try:
        with store.unit_of_work() as uow:
            uow.enqueue(case_id)
            raise RuntimeError  # noqa: TRY301 - the failure inside the transaction under test
    except RuntimeError:
        pass
    with store.unit_of_work() as uow:
        assert uow.session.execute(text("SELECT count(*) FROM outbox")).scalar() == 0
