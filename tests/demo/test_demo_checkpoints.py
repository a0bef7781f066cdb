"""The demo ends with every chain checkpointed (issue 9, item 5): a signed checkpoint covering its last
entry, co-signed by the supervising 司法局 where there is one, so a tail cut is caught from the start."""

from __future__ import annotations

import io

from django.core.management import call_command

from zhifa.agencies.models import Agency
from zhifa.ledger import witness
from zhifa.ledger.models import ChainHead, Checkpoint


def test_every_demo_chain_ends_checkpointed_and_the_agencies_witnessed(november_demo):
    heads = dict(ChainHead.objects.filter(seq__gt=0).values_list("chain", "seq"))
    assert len(heads) >= 4  # the system chain, 司法局, 自然资源局, 住建局
    for chain, seq in heads.items():
        newest = Checkpoint.objects.filter(chain=chain).order_by("-tree_size").first()
        assert newest is not None and newest.tree_size == seq, chain
    sfj = Agency.objects.get(name="鞍山市司法局")
    for name in ("鞍山市自然资源局", "鞍山市住房和城乡建设局"):
        chain = Agency.objects.get(name=name).pk
        assert witness.copies_of(chain, witness=sfj.pk)[-1].tree_size == heads[chain]
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "校验通过" in out.getvalue() and f"未见证：链 {sfj.pk}（鞍山市司法局）：无监督司法局" in out.getvalue()
