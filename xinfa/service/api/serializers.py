"""Output serializers of the service-desk API (inputs are nested in each view)."""

from rest_framework import serializers


class StaffRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    role = serializers.CharField()


class CustomerRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer_number = serializers.CharField()
    name = serializers.CharField()


class InteractionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.CharField()
    channel_label = serializers.CharField(source="get_channel_display")
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    subject = serializers.CharField()
    customer = CustomerRefOutputSerializer(allow_null=True)
    handled_by = StaffRefOutputSerializer(allow_null=True)
    branch_id = serializers.IntegerField(allow_null=True)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    handle_seconds = serializers.IntegerField(allow_null=True)
    external_ref = serializers.CharField(allow_null=True)


class MessageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    interaction_id = serializers.IntegerField()
    sequence = serializers.IntegerField()
    speaker = serializers.CharField()
    text = serializers.CharField()
    sent_at = serializers.DateTimeField()
    client_id = serializers.CharField(allow_null=True)
    author_id = serializers.IntegerField(allow_null=True)


class ServiceLogOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    interaction_id = serializers.IntegerField()
    need = serializers.CharField()
    process = serializers.CharField()
    result = serializers.CharField()
    recorded_by = StaffRefOutputSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class EventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    actor = StaffRefOutputSerializer(allow_null=True)
    from_user = StaffRefOutputSerializer(allow_null=True)
    to_user = StaffRefOutputSerializer(allow_null=True)
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class TicketOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    branch_id = serializers.IntegerField()
    number = serializers.CharField()
    service_type = serializers.CharField()
    service_type_label = serializers.CharField(source="get_service_type_display")
    business_date = serializers.DateField()
    status = serializers.CharField()
    is_priority = serializers.BooleanField()
    customer_id = serializers.IntegerField(allow_null=True)
    issued_at = serializers.DateTimeField()
    called_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    counter_id = serializers.IntegerField(allow_null=True)
    counter_code = serializers.CharField(source="counter.code", allow_null=True)
    served_by_id = serializers.IntegerField(allow_null=True)
    wait_seconds = serializers.IntegerField(allow_null=True)
    handle_seconds = serializers.IntegerField(allow_null=True)
    triage_target = serializers.CharField()
    triage_reason = serializers.CharField()
    interaction_id = serializers.IntegerField(allow_null=True)


class CallNextOutputSerializer(serializers.Serializer):
    ticket = TicketOutputSerializer(allow_null=True)


class CounterOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    branch_id = serializers.IntegerField()
    code = serializers.CharField()
    service_types = serializers.ListField(child=serializers.CharField())
    is_active = serializers.BooleanField()


class CustomerSummaryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer_number = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    masked_phone = serializers.CharField()
    masked_id_number = serializers.CharField()
    vip_tier = serializers.CharField()
    age_band = serializers.CharField()
    is_elderly = serializers.BooleanField()
    accessibility_needs = serializers.ListField(child=serializers.CharField())
    risk_level = serializers.CharField()


class InteractionDetailOutputSerializer(serializers.Serializer):
    interaction = InteractionOutputSerializer()
    customer = CustomerSummaryOutputSerializer(allow_null=True)
    messages = MessageOutputSerializer(many=True)
    service_log = ServiceLogOutputSerializer(many=True)
    events = EventOutputSerializer(many=True)
    ticket = TicketOutputSerializer(allow_null=True)


class RejectedRowOutputSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    reason = serializers.CharField()


class ImportReportOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected = RejectedRowOutputSerializer(many=True)


class ServiceTypeQueueOutputSerializer(serializers.Serializer):
    service_type = serializers.CharField()
    # A declared field, popped from the class by DRF: it does not shadow `Field.label`.
    label = serializers.CharField()  # type: ignore[assignment]
    waiting = serializers.IntegerField()
    priority_waiting = serializers.IntegerField()
    next_numbers = serializers.ListField(child=serializers.CharField())
    counters = serializers.IntegerField()
    handled_count = serializers.IntegerField()
    average_handle_seconds = serializers.IntegerField()
    estimated_wait_seconds = serializers.IntegerField()


class CounterServingOutputSerializer(serializers.Serializer):
    counter_id = serializers.IntegerField()
    counter_code = serializers.CharField()
    ticket_id = serializers.IntegerField(allow_null=True)
    number = serializers.CharField()
    service_type = serializers.CharField()
    called_at = serializers.DateTimeField(allow_null=True)


class CalledTicketOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    service_type = serializers.CharField()
    status = serializers.CharField()
    counter_code = serializers.CharField(source="counter.code", allow_null=True)
    called_at = serializers.DateTimeField()


class QueueBoardOutputSerializer(serializers.Serializer):
    branch_id = serializers.IntegerField()
    business_date = serializers.DateField()
    total_waiting = serializers.IntegerField()
    service_types = ServiceTypeQueueOutputSerializer(many=True)
    now_serving = CounterServingOutputSerializer(many=True)
    recently_called = CalledTicketOutputSerializer(many=True)


class AverageOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total_seconds = serializers.IntegerField()
    seconds = serializers.FloatField(allow_null=True)


class ServiceTypeFiguresOutputSerializer(serializers.Serializer):
    service_type = serializers.CharField()
    # A declared field, popped from the class by DRF: it does not shadow `Field.label`.
    label = serializers.CharField()  # type: ignore[assignment]
    issued = serializers.IntegerField()
    waiting = serializers.IntegerField()
    wait = AverageOutputSerializer()
    handle = AverageOutputSerializer()


class ChannelFiguresOutputSerializer(serializers.Serializer):
    channel = serializers.CharField()
    # A declared field, popped from the class by DRF: it does not shadow `Field.label`.
    label = serializers.CharField()  # type: ignore[assignment]
    started = serializers.IntegerField()
    open_now = serializers.IntegerField()
    handle = AverageOutputSerializer()


class AgentFiguresOutputSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    interactions = serializers.IntegerField()
    closed = serializers.IntegerField()
    handle = AverageOutputSerializer()


class EscalationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    interaction_id = serializers.IntegerField()
    kind = serializers.CharField()
    actor = StaffRefOutputSerializer(allow_null=True)
    to_user = StaffRefOutputSerializer(allow_null=True)
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class SupervisorOverviewOutputSerializer(serializers.Serializer):
    branch_id = serializers.IntegerField(allow_null=True)
    day = serializers.DateField()
    queue_waiting = serializers.IntegerField()
    ticket_wait = AverageOutputSerializer()
    ticket_handle = AverageOutputSerializer()
    interaction_handle = AverageOutputSerializer()
    service_types = ServiceTypeFiguresOutputSerializer(many=True)
    channels = ChannelFiguresOutputSerializer(many=True)
    open_interactions = serializers.IntegerField()
    escalations = serializers.IntegerField()
    security_calls = serializers.IntegerField()
    recent_escalations = EscalationOutputSerializer(many=True)
    agents = AgentFiguresOutputSerializer(many=True)
