Console.WriteLine("isda");
