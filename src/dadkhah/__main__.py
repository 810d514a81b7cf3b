from dadkhah.cli import main

main()
