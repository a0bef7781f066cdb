"""The public checkpoint page and feed of each chain: anyone may keep a copy (issue 9).

No sign-in and nothing personal: a checkpoint is a tree size, two hashes, a time and signatures. The feed
is the format ``zhifa verify --checkpoint FILE`` reads (docs/ledger.md).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from zhifa.ledger import witness
from zhifa.ledger.models import AgencyKey, Checkpoint
from zhifa.ledger.scan import parse_time

FEED_FORMAT = "zhifa-checkpoints/1"
SHOWN = 100  # newest checkpoints on the page and in the feed: the newest alone is enough to keep


def _name(chain: int) -> str:
    name = witness.directory.name(chain) if 0 <= chain < 2**63 else None
    if name is None:
        raise Http404
    return name


def checkpoint_documents(chain: int, limit: int = SHOWN) -> list[dict[str, Any]]:
    """The chain's newest checkpoints, newest first, each as the feed carries it (with its witnesses)."""
    cps = list(Checkpoint.objects.filter(chain=chain).order_by("-tree_size")[:limit])
    wanted = {cp.key_fingerprint for cp in cps}
    copies = witness.copies_of(chain)
    wanted |= {str(c.payload.get("witness_key")) for c in copies}
    pems = dict(AgencyKey.objects.filter(fingerprint__in=wanted).values_list("fingerprint", "public_key"))
    names = {w: witness.directory.name(w) or "" for w in {c.witness for c in copies}}  # one look-up per witness
    by_size: dict[tuple[int, str], list[witness.Copy]] = {}
    for c in copies:
        by_size.setdefault((c.tree_size, c.payload.get("root_hash", "")), []).append(c)
    docs = []
    for cp in cps:
        docs.append({
            "signed": cp.signed(), "signature": cp.signature, "key_fingerprint": cp.key_fingerprint,
            "public_key": pems.get(cp.key_fingerprint, ""),
            "witnesses": [{"witness": c.witness, "name": names[c.witness],
                           "cosigned_at": c.payload.get("cosigned_at"), "cosignature": c.payload.get("cosignature"),
                           "key_fingerprint": c.payload.get("witness_key"),
                           "public_key": pems.get(str(c.payload.get("witness_key")), "")}
                          for c in by_size.get((cp.tree_size, cp.root_hash), [])]})
    return docs


@require_safe
def checkpoints_page(request, chain: int):
    name = _name(chain)
    rows = [(doc, timezone.localtime(parse_time(doc["signed"]["signed_at"]))) for doc in checkpoint_documents(chain)]
    return render(request, "ledger/public_checkpoints.html", {
        "chain": chain, "name": name, "rows": rows,
        "witness_name": (witness.directory.name(w) if (w := witness.directory.witness(chain)) is not None else None)})


@require_safe
def checkpoints_feed(request, chain: int):
    name = _name(chain)
    doc = {"format": FEED_FORMAT, "chain": chain, "name": name, "checkpoints": checkpoint_documents(chain)}
    response = HttpResponse(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="checkpoints-{chain}.json"'
    return response
