"""A human task is cancelled in the transaction that removes its engine task run.

The engine cancels task runs on many paths (a stop, a failure elsewhere in a Parallel, an
execution failed alone, a redrive's clean-up) and imports no app; a statement trigger on its
table catches every one of them, now and in the future. A decided or timed-out task is no
longer open by then, so only tasks still waiting change.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION approvals_cancel_with_task_run() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH cancelled AS (
        UPDATE approvals_humantask AS task
           SET status = 'CANCELLED', decided_at = now()
          FROM gone
         WHERE task.token = gone.token
           AND task.status IN ('OPEN', 'CLAIMED', 'ESCALATED')
        RETURNING task.id
    )
    INSERT INTO approvals_auditentry (task_id, action, actor, at, text, details)
    SELECT id, 'cancelled', '', now(), 'The execution no longer waits on this task.', '{}'
      FROM cancelled;
    RETURN NULL;
END $$;

CREATE TRIGGER approvals_cancel_with_task_run
AFTER DELETE ON engine_taskrun
REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION approvals_cancel_with_task_run();
"""

DROP = """
DROP TRIGGER IF EXISTS approvals_cancel_with_task_run ON engine_taskrun;
DROP FUNCTION IF EXISTS approvals_cancel_with_task_run();
"""


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
