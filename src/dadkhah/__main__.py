from dadkhah.cli import main

# guarded: worker processes import this module again under another name and must not run it
if __name__ == "__main__":
    main()
