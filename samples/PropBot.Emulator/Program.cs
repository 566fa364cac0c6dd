// Runner for the PropBot venue emulator (see issue: venue emulator). Filled in with the emulator package.
Console.Error.WriteLine("The emulator runner is not available yet.");
return 2;
