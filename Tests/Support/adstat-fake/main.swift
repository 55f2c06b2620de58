import AdstatFake
print("adstat-fake: not yet")
