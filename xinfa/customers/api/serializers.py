"""Output serializers shared by several customer endpoints (inputs live on each view)."""

from rest_framework import serializers

from xinfa.accounts.models import Branch, User
from xinfa.core.api import RelatedIdField, date_field
from xinfa.customers.enums import (
    Accessibility,
    CustomerKind,
    HoldingKind,
    Language,
    LifeEventKind,
    RiskLevel,
    VipTier,
)


class CustomerSummaryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer_number = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=CustomerKind.choices)
    masked_phone = serializers.CharField()
    masked_id_number = serializers.CharField()
    vip_tier = serializers.ChoiceField(choices=VipTier.choices)
    risk_level = serializers.CharField()
    age_band = serializers.CharField()
    is_elderly = serializers.BooleanField()

    class Meta:
        ref_name = "CustomerMaskedSummary"


class AccessibilityNeedOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    # A declared field, popped from the class by DRF: it does not shadow `Field.label`.
    label = serializers.CharField()  # type: ignore[assignment]


class CustomerProfileOutputSerializer(serializers.Serializer):
    kind_label = serializers.CharField()
    gender = serializers.CharField()
    masked_email = serializers.CharField()
    credit_code = serializers.CharField()
    age_band_label = serializers.CharField()
    accessibility_needs = AccessibilityNeedOutputSerializer(many=True)
    vip_tier_label = serializers.CharField()
    risk_level_label = serializers.CharField()
    risk_assessed_on = serializers.DateField(allow_null=True)
    is_risk_assessment_due = serializers.BooleanField()
    preferred_channel = serializers.CharField()
    preferred_channel_label = serializers.CharField()
    language = serializers.CharField()
    language_label = serializers.CharField()
    assigned_manager_id = serializers.IntegerField(allow_null=True)
    assigned_manager_name = serializers.CharField()
    home_branch_id = serializers.IntegerField(allow_null=True)
    home_branch_name = serializers.CharField()
    consent_marketing = serializers.BooleanField()
    consent_data_sharing = serializers.BooleanField()
    consent_recording = serializers.BooleanField()
    notes = serializers.CharField()


class PreferenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField()
    text = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField()


class LifeEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LifeEventKind.choices)
    kind_label = serializers.CharField()
    occurred_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class HoldingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=HoldingKind.choices)
    kind_label = serializers.CharField()
    product_name = serializers.CharField()
    masked_account_number = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField()
    product_risk_level = serializers.CharField()
    opened_on = serializers.DateField(allow_null=True)
    matures_on = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()


class TimelineEntryOutputSerializer(serializers.Serializer):
    interaction_id = serializers.IntegerField()
    channel = serializers.CharField()
    channel_label = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    subject = serializers.CharField()
    outcome = serializers.CharField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    handled_by = serializers.CharField()


class Customer360CountsOutputSerializer(serializers.Serializer):
    interactions = serializers.IntegerField()
    preferences = serializers.IntegerField()
    life_events = serializers.IntegerField()
    holdings = serializers.IntegerField()


class Customer360OutputSerializer(serializers.Serializer):
    summary = CustomerSummaryOutputSerializer()
    profile = CustomerProfileOutputSerializer()
    preferences = PreferenceOutputSerializer(many=True)
    life_events = LifeEventOutputSerializer(many=True)
    holdings = HoldingOutputSerializer(many=True)
    timeline = TimelineEntryOutputSerializer(many=True)
    counts = Customer360CountsOutputSerializer()


class CustomerFieldsInputSerializer(serializers.Serializer):
    """Every editable customer field, all optional (PATCH); the create view requires name."""

    customer_number = serializers.RegexField(r"^[A-Za-z0-9]{1,20}$", required=False)
    kind = serializers.ChoiceField(choices=CustomerKind.choices, required=False)
    name = serializers.CharField(max_length=100, required=False)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    birth_date = date_field(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=["M", "F", ""], required=False)
    accessibility_needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Accessibility.choices),
        required=False,
        max_length=len(Accessibility.choices),
    )
    vip_tier = serializers.ChoiceField(choices=VipTier.choices, required=False)
    risk_level = serializers.ChoiceField(choices=[*RiskLevel.choices, ("", "")], required=False)
    risk_assessed_on = date_field(required=False, allow_null=True)
    preferred_channel = serializers.CharField(max_length=20, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    assigned_manager = RelatedIdField(
        queryset=User.objects.people(), required=False, allow_null=True
    )
    home_branch = RelatedIdField(queryset=Branch.objects.all(), required=False, allow_null=True)
    consent_marketing = serializers.BooleanField(required=False)
    consent_data_sharing = serializers.BooleanField(required=False)
    consent_recording = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    class Meta:
        ref_name = "CustomerFieldsInput"
