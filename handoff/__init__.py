"""The hand-off of complete declarations to assessment.

assign   who assesses a declaration: the qualified assessor with the least open work (pure)
queue    what hand_off does in the transaction that queues a declaration: the assignment
         and the outbox row (transactional outbox)
outbox   the dispatcher: delivers due outbox rows, retries with backoff, gives up as 'dead'
http     the one HTTP call to the assessment system, its outcome classified
data/    the assessors' roster (assessors.yaml)

No module here imports Airflow; the task layer (clearway.tasks) calls in.
"""
