from fastfix.cli import main

main()
