import factory

from xinfa.accounts.models import Branch, User
from xinfa.core.roles import Role
from xinfa.core.tests.factories import ModelFactory
from xinfa.customers.models import Customer


class BranchFactory(ModelFactory[Branch]):
    class Meta:
        model = Branch
        django_get_or_create = ("code",)

    code = "310001"
    name = "上海分行营业部"


class StaffFactory(ModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    display_name = factory.Sequence(lambda n: f"员工{n}")
    role = Role.AGENT
    branch = factory.SubFactory(BranchFactory)
    password = factory.django.Password("correct-horse-battery")


class CustomerFactory(ModelFactory[Customer]):
    class Meta:
        model = Customer

    customer_number = factory.Sequence(lambda n: f"C{n:08d}")
    name = "王建国"
    phone = "13812345678"
