{% include cookiecutter.__inc ~ "tests/test_contract.py" -%}
