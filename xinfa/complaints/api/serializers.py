"""Output shapes of the complaints API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xinfa.accounts.models import User
from xinfa.complaints.models import Complaint, ComplaintCase, ComplaintTransition, FollowUp, Remedy


class ClockStateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    basis = serializers.CharField()
    started_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    met_at = serializers.DateTimeField(allow_null=True)
    used_ratio = serializers.FloatField()
    state = serializers.CharField()
    extensions_days = serializers.IntegerField()


class TransitionSerializer(serializers.ModelSerializer):
    actor: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()

    class Meta:
        model = ComplaintTransition
        fields = ["from_status", "to_status", "actor", "at", "note"]


class RemedySerializer(serializers.ModelSerializer):
    proposed_by: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()
    approved_by: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()

    class Meta:
        model = Remedy
        fields = ["id", "kind", "amount", "note", "proposed_by", "approved_by", "at"]


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["scheduled_for", "done_at", "satisfaction", "will_stay", "note"]


class ComplaintSummarySerializer(serializers.ModelSerializer):
    customer_number = serializers.CharField(source="customer.customer_number")
    owner: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "number",
            "customer_number",
            "channel",
            "category",
            "severity",
            "status",
            "escalation_level",
            "owner",
            "accepted_at",
            "first_contact_at",
            "responded_at",
            "closed_at",
            "amount_in_dispute",
        ]


class ComplaintDetailSerializer(serializers.Serializer):
    complaint = serializers.SerializerMethodField()
    clocks = ClockStateSerializer(many=True)
    transitions = TransitionSerializer(many=True)
    remedies = RemedySerializer(many=True)
    follow_ups = FollowUpSerializer(many=True)
    allowed_statuses = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_complaint(self, detail: object) -> dict[str, object]:
        complaint = detail.complaint  # type: ignore[attr-defined]
        data = dict(ComplaintSummarySerializer(complaint).data)
        data.update(
            description=complaint.description,
            customer_request=complaint.customer_request,
            place=complaint.place,
            occurred_at=complaint.occurred_at,
            suggested_category=complaint.suggested_category,
            suggested_severity=complaint.suggested_severity,
            investigator=str(complaint.investigator) if complaint.investigator else None,
            staff_involved=[str(user) for user in complaint.staff_involved.all()],
            root_cause=complaint.root_cause,
            findings=complaint.findings,
            responsible_department=complaint.responsible_department,
            decision=complaint.decision,
            decision_letter=complaint.decision_letter,
            interaction=complaint.interaction_id,
        )
        return data


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintCase
        fields = [
            "id",
            "title",
            "category",
            "root_cause",
            "summary",
            "what_went_wrong",
            "what_worked",
            "lesson",
            "created_at",
        ]
