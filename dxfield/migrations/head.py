"""The tables and columns of the schema at ``HEAD``, as the models define them, for
checking a store's file without importing SQLAlchemy and the models (``dxfield.storecheck``:
``dxfield restore --list`` inspects every backup, and needs nothing else of them).

``tests/io/test_restore.py`` holds this to ``dxfield.models``: after a change of the models
or a new migration it fails and prints the table to put here.
"""

from __future__ import annotations

REVISION = "0003"

# table -> its columns, space-separated
COLUMNS: dict[str, str] = {
    "action_item": (
        "municipality_id visit_id title owner_side owner_name due_on status completed_on position "
        "id created_at updated_at version deleted"
    ),
    "answer": "response_id question_id value id created_at updated_at version deleted",
    "assessment_response": (
        "municipality_id fiscal_year template_id kind answered_on respondent source source_ref id "
        "created_at updated_at version deleted"
    ),
    "assessment_template": (
        "template_version name definition id created_at updated_at version deleted"
    ),
    "contact": (
        "municipality_id name kana department title phone email is_primary notes id created_at "
        "updated_at version deleted"
    ),
    "import_batch": "id kind sha256 filename rows imported_at summary",
    "municipality": (
        "code name kana kind area population population_basis opendata_published opendata_url "
        "opendata_checked_on id created_at updated_at version deleted"
    ),
    "need": (
        "fiscal_year municipality_id domain themes text quote source source_id heard_on status "
        "measure note id created_at updated_at version deleted"
    ),
    "note_section": "visit_id kind body internal id created_at updated_at version deleted",
    "pending_change": "table_name row_id base_version fields base changed_at",
    "phase_window": (
        "programme_year_id phase starts_on ends_on id created_at updated_at version deleted"
    ),
    "programme_year": "fiscal_year starts_on ends_on name id created_at updated_at version deleted",
    "proposal_draft": (
        "fiscal_year issued_on title label content id created_at updated_at version deleted"
    ),
    "question": (
        "template_id code position stage domain text help answer_type choices scoring max_points "
        "required id created_at updated_at version deleted"
    ),
    "survey_answer": "response_id item_id value id created_at updated_at version deleted",
    "survey_item": (
        "template_id code position text item_type choices headline required id created_at "
        "updated_at version deleted"
    ),
    "survey_response": (
        "training_id template_id municipality_id respondent_group submitted_at source source_ref "
        "id created_at updated_at version deleted"
    ),
    "survey_template": "template_version name definition id created_at updated_at version deleted",
    "sync_conflict": (
        "id table_name row_id field kind local_value remote_value base_value merged_value "
        "detected_at resolved_at resolution"
    ),
    "sync_state": "key value",
    "team_member": "name kana role field email active id created_at updated_at version deleted",
    "training": (
        "fiscal_year kind title starts_at ends_at method place online_url audience lecturers "
        "content materials visit_id survey_template_id prefecture_attendees status id created_at "
        "updated_at version deleted"
    ),
    "training_municipality": (
        "training_id municipality_id leaders staff id created_at updated_at version deleted"
    ),
    "visit": (
        "municipality_id fiscal_year phase starts_at ends_at method location agenda participants "
        "status id created_at updated_at version deleted"
    ),
    "visit_member": "visit_id member_id remote id created_at updated_at version deleted",
}
