"""Who may text a client: the client's own workers (the same people who may invite the client)."""

import rules

from clients.permissions import is_clients_worker

rules.add_perm("messaging.send_text_message", is_clients_worker)
rules.add_perm("messaging.view_text_messages", is_clients_worker)
