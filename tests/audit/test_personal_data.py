"""Deputies' phone, ID number and address: encrypted at rest, masked on screen, full view audited."""

from django.db import connection

from audit.models import AuditRecord, Kind
from congress.models import Deputy
from congress.personal import mask_id_number, mask_phone

PHONE, ID_NUMBER, ADDRESS = "15847176715", "410102198010135541", "郑州市金水区文化路80号"


def give_personal_data(world) -> Deputy:
    deputy = world.deputy.deputy
    deputy.phone, deputy.id_number, deputy.address = PHONE, ID_NUMBER, ADDRESS
    deputy.save()
    return deputy


def test_the_columns_hold_no_plain_text(world):
    deputy = give_personal_data(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number, address FROM congress_deputy WHERE id = %s", [deputy.pk])
        raw = cursor.fetchone()
    for stored, plain in zip(raw, (PHONE, ID_NUMBER, ADDRESS), strict=True):
        assert stored.startswith("fernet:") and plain not in stored and "6715" not in stored
    deputy.refresh_from_db()
    assert (deputy.phone, deputy.id_number, deputy.address) == (PHONE, ID_NUMBER, ADDRESS)


def test_masks():
    assert mask_phone(PHONE) == "158****6715"
    assert mask_id_number(ID_NUMBER) == "4101**********5541"


def test_the_office_sees_masked_data_and_a_full_view_is_audited(client, world):
    give_personal_data(world)
    s = world.new_draft()
    from suggestions import actions

    actions.submit(s, actor=world.deputy)
    client.force_login(world.office)
    page = client.get(f"/s/{s.pk}/").content.decode()
    assert "158****6715" in page and PHONE not in page and ID_NUMBER not in page
    shown = client.post(f"/s/{s.pk}/deputy/{world.deputy.deputy.pk}/personal/", {}, REMOTE_ADDR="10.9.8.7")
    assert shown.status_code == 200 and PHONE in shown.content.decode() and ID_NUMBER in shown.content.decode()
    record = AuditRecord.objects.get(kind=Kind.VIEW_PERSONAL)
    assert (record.actor, record.target, record.ip) == (
        world.office,
        f"congress.deputy:{world.deputy.deputy.pk}",
        "10.9.8.7",
    )


def test_nobody_but_the_office_gets_the_full_view(client, world):
    give_personal_data(world)
    s = world.new_draft()
    from suggestions import actions

    actions.submit(s, actor=world.deputy)
    for who in (world.supervisor, world.deputy):
        client.force_login(who)
        response = client.post(f"/s/{s.pk}/deputy/{world.deputy.deputy.pk}/personal/", {})
        assert response.status_code == 403
        assert PHONE not in client.get(f"/s/{s.pk}/").content.decode()
    assert not AuditRecord.objects.filter(kind=Kind.VIEW_PERSONAL).exists()


def test_key_rotation_reencrypts_under_the_new_key(world, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    deputy = give_personal_data(world)
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    call_command("rotate_field_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key retired: every row must still decrypt
    deputy.refresh_from_db()
    assert (deputy.phone, deputy.id_number, deputy.address) == (PHONE, ID_NUMBER, ADDRESS)
