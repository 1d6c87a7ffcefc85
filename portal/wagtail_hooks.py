from wagtail import hooks

from portal.viewsets import SignInLockViewSet


@hooks.register("register_admin_viewset")
def register_sign_in_locks():
    return SignInLockViewSet()
