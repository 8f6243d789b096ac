from trialdocs.cli import main

main(prog_name="trialdocs")
